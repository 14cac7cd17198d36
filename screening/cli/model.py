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
              help="Dev table for model selection and reporting; pass '' to skip.")
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
