# The two commands: `make demo` (set up + run the main job) and `make test`.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench airflow review clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt scripts/setup.sh
	scripts/setup.sh

demo: setup
	$(BIN)/screening demo

test: setup
	$(BIN)/python -m pytest

# Airflow standalone on 127.0.0.1 (UI port 8088) with this project's dags/, SQLite under var/airflow
airflow: setup
	scripts/airflow.sh standalone

lint: setup
	$(BIN)/ruff check screening dags tests

clean:
	rm -rf var/ .pytest_cache
