# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper for those.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint fmt clean

$(STAMP): pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11, the version AWS Glue 5.0 runs)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@touch $(STAMP)

# Java's class-data-sharing archive of the classes Spark loads (stedi.cds): every later Spark
# start skips parsing and verifying them (~3 s of each start). Built once per install (~1 min); optional: without
# it Spark only starts slower.
CDS := $(VENV)/.cds-archive
$(CDS): $(STAMP)
	$(BIN)/python -m stedi.cds || echo "warning: no class-data-sharing archive; Spark will start slower"
	@touch $(CDS)

# The official awsglue library's wheel, read (never imported) by tests/test_signatures.py.
GLUE_WHEEL := .cache/awsglue-wheel/awsgluedataplanepython-5.1.0-py3-none-any.whl
$(GLUE_WHEEL): $(STAMP)
	$(BIN)/pip download --quiet --no-deps AWSGlueDataplanePython==5.1.0 -d .cache/awsglue-wheel

setup: $(STAMP) $(CDS) $(GLUE_WHEEL)

# Local pipeline on generated sample data; prints the counts table.
run: setup
	$(BIN)/stedi run

# The whole suite. pytest's exit code 5 (no tests collected) is a failure here.
test: setup
	$(BIN)/pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests"; exit 1; fi; exit $$rc

# Terraform, offline too: fmt, init, validate, `terraform test` (mocked provider), checkov. See terraform/README.md.
.PHONY: tf-check
tf-check: $(STAMP)
	eval "$$($(BIN)/python -m stedi.tf_offline env)" && cd terraform && terraform fmt -check -recursive \
		&& terraform init -backend=false -input=false && terraform validate && terraform test
	$(BIN)/python -m stedi.tf_offline checkov terraform

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) lake .pytest_cache
