# Two entry points: `make demo` (install, ingest the bundled sample, print its deals, write
# deals.ttl) and `make test` (install with the test extras, run the whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= dealgraph-store
SAMPLE := examples/immunogen_2004-10-06_8-K.txt

.PHONY: demo test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

demo: install
	$(BIN)/dealgraph --store $(STORE) ingest $(SAMPLE)
	$(BIN)/dealgraph --store $(STORE) query deals --format table
	$(BIN)/dealgraph --store $(STORE) export --format turtle --output deals.ttl
	@echo "Wrote deals.ttl; the store is in $(STORE)/"

test: install-test
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

clean:
	rm -rf $(VENV) $(STORE) deals.ttl build *.egg-info
