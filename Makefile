# Front door of the project: `make` lists the targets.
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

## Create .venv and install the package with its dev and dask extras (re-run when pyproject.toml changes)
install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,dask]"
	$(PY) -m ipykernel install --sys-prefix --name newsframes --display-name "Python 3 (newsframes)" >/dev/null
	touch $(STAMP)

## Run the main job: analyse the default corpus into reports/gsomia-2023 (notebooks, figures, tables, HTML)
report: $(STAMP)
	$(PY) -m analysis report data/raw/gsomia-2023
	MPLBACKEND=Agg $(PY) -m analysis run data/raw/gsomia-2023 --out reports/gsomia-2023

## Second example: ten BASIL events (needs ../shared/eval/basil_dev) into reports/basil-10
report-basil: $(STAMP)
	$(PY) examples/manifest_from_annotations.py --events 10 --out data/processed/basil-10-manifest.csv
	MPLBACKEND=Agg $(PY) -m analysis run ../shared/eval/basil_dev --manifest data/processed/basil-10-manifest.csv \
		--params data/processed/basil-10-params.yaml --out reports/basil-10

## Open JupyterLab on notebooks/ with the project kernel
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

## Run the test suite
test: $(STAMP)
	$(PY) -m pytest

## Run the benchmarks (prints throughput ratios against bare NLTK tokenisation)
bench: $(STAMP)
	$(PY) benchmarks/bench_analyse.py --sizes base,2000,5000
	$(PY) benchmarks/bench_corpus.py
	$(PY) benchmarks/bench_attribution.py
	$(PY) benchmarks/bench_framing.py

## Remove the virtual environment and regenerable data
clean:
	rm -rf $(VENV) data/processed/*.parquet data/processed/cache reports

## List the targets
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$1,t,":"); printf "  make %-8s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

.PHONY: install report report-basil lab test bench clean help
