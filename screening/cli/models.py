"""`screening models ...`: the promotion gate between two model versions."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def models() -> None:
    """Compare model versions before promoting one."""


@models.command("compare")
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--tolerance", type=click.FloatRange(0, 1, max_open=True), default=0.02, show_default=True,
              help="Largest allowed rise in a contrast slice's FPR, or fall in a positive slice's recall.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Only the first N cases of each slice (quick; figures are then partial).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the verdict and both models' per-slice figures here.")
def compare(old: Path, new: Path, tolerance: float, limit: int | None, json_out: Path | None) -> None:
    """Run the benchmark audit on model folders OLD and NEW; exit 1 if NEW must not be promoted.

    NEW is refused when its false-positive rate on any contrast slice is higher, or its recall
    on any positive slice lower, than OLD's by more than the tolerance.
    """
    from screening.audit.promote import compare_models

    verdict = compare_models(old, new, tolerance=tolerance, limit=limit)
    width = max(len(c.slice) for c in verdict.changes) if verdict.changes else 10
    click.echo(f"{'slice':<{width}}  metric      old     new   worse by")
    for c in verdict.changes:
        mark = "  <- beyond tolerance" if c.regression else ""
        click.echo(f"{c.slice:<{width}}  {c.metric:<6}  {c.old:6.3f}  {c.new:6.3f}  {c.worse_by:+8.3f}{mark}")
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(verdict.to_dict(), indent=2, ensure_ascii=False) + "\n")
    if verdict.promote:
        click.echo(verdict.message())
        return
    click.echo(verdict.message(), err=True)
    raise SystemExit(1)
