# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= out/demo.duckdb

.PHONY: demo test test-fast bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	rm -f $(DEMO_DB)
	$(BIN)/dyads code examples/ --db $(DEMO_DB) --out out/demo-events.jsonl
	$(BIN)/dyads summary --db $(DEMO_DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# Throughput and memory on the shared news corpus (not part of `make test`); BENCH_ARGS=--full for all of it.
bench: $(STAMP)
	$(BIN)/pip install --quiet psutil py-spy
	$(BIN)/python benchmarks/bench.py --profile $(BENCH_ARGS)

eval: $(STAMP)
	for gold in ../shared/gold/seed.jsonl ../shared/gold/petr2_gsr.jsonl ../shared/gold/plv_train.jsonl; do \
		$(BIN)/dyads eval $$gold; done

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info
