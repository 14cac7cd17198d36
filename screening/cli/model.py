"""`screening train` and `screening bench`: the classifier and its public benchmark."""

from __future__ import annotations

from pathlib import Path

import click

from screening.settings import PROJECT_ROOT, get_settings


@click.command()
@click.option("--data", "data_path", type=click.Path(path_type=Path),
              default=PROJECT_ROOT / "data" / "train" / "train.jsonl", show_default=True,
              help="Training table (JSON Lines: text, label 0/1, optional frame).")
@click.option("--dev", "dev_path", type=click.Path(path_type=Path),
              default=PROJECT_ROOT / "data" / "train" / "dev.jsonl", show_default=True,
              help="Dev table (held-out phrasings) that chooses C; pass '' to choose C by CV on train.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Artifact folder [default: <model_dir>/classifier].")
@click.option("--seed", default=13, show_default=True, type=int)
def train(data_path: Path, dev_path: Path | None, out_dir: Path | None, seed: int) -> None:
    """Train the classifier on the project's own data and write model.skops + model cards."""
    from screening.screen.train import train_classifier

    out = out_dir or get_settings().model_dir / "classifier"
    dev = dev_path if dev_path and str(dev_path) not in ("", ".") else None
    report = train_classifier(data_path, dev, out, seed=seed)
    click.echo(report.summary())


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder for bench.json and bench.md [default: <var_dir>/bench].")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Only the first N rows of each slice (quick runs; figures are then partial).")
def bench(out_dir: Path | None, limit: int | None) -> None:
    """Run the screener and the keyword baseline side by side over the public test sets.

    Reads ../shared/data (SCREENING_BENCH_DATA) by the recipes in its README; exits 2 with a
    message when the sets are absent. Measures only: nothing is trained or tuned on them.
    """
    from screening.audit.bench import load_slices, run_benchmark, write_outputs
    from screening.audit.keyword_baseline import KeywordScreener
    from screening.errors import BenchDataMissing

    settings = get_settings()
    try:
        slices = load_slices(settings)
        keyword = KeywordScreener.from_settings(settings)
    except BenchDataMissing as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    from screening.screen.screener import load_screener

    screeners = {"screener": load_screener(settings), "keyword": keyword}
    table = run_benchmark(screeners, settings, limit=limit, slices=slices)
    click.echo(table.console())
    paths = write_outputs(table, out_dir or settings.var_dir / "bench")
    click.echo("wrote " + " and ".join(str(p) for p in paths))
