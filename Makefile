# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper for those.
# Every Python package comes from a lock in locks/ (exact versions and hashes; `make lock` rewrites them), one
# lock per Glue version's engine (stedi.engines). PYTHON (>= 3.11) only bootstraps uv and python-hcl2 from
# locks/tools.txt; each engine then runs under its own Python, found on PATH, in pyenv or by uv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .cache/tools
ENGINES := PYTHONPATH=src $(TOOLS)/bin/python -m stedi.engines
STAMP := $(VENV)/.stedi-lock

.PHONY: setup run test lint fmt clean lock check-python check-run check-test

# Before any install: name what this machine lacks (an engine's Python, Java 17; for `make test` Terraform and
# its aws provider), all at once.
check-python:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found: Python >= 3.11 is needed to bootstrap (make PYTHON=/path/to/python3.11)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "error: $(PYTHON) is $$($(PYTHON) -V 2>&1): >= 3.11 is needed to bootstrap (make PYTHON=python3.11)"; exit 1; }
check-run: check-python
	@PYTHONPATH=src $(PYTHON) -m stedi.preflight run
check-test: check-python
	@PYTHONPATH=src $(PYTHON) -m stedi.preflight test

$(TOOLS)/.stedi-lock: locks/tools.txt
	PYTHONPATH=src $(PYTHON) -m stedi.engines tools
	@touch $@

# The default Glue version's engine (Terraform's glue_version default, hence variables.tf) is .venv, exactly as its
# lock says.
$(STAMP): $(TOOLS)/.stedi-lock $(wildcard locks/requirements-glue-*.txt) pyproject.toml terraform/variables.tf
	$(ENGINES) setup
	@touch $(STAMP)

# Java's class-data-sharing archive of the classes Spark loads (stedi.cds): every later Spark
# start skips parsing and verifying them (~3 s of each start). Built once per install (~1 min); optional: without
# it Spark only starts slower.
CDS := $(VENV)/.cds-archive
$(CDS): $(STAMP)
	$(BIN)/python -m stedi.cds || echo "warning: no class-data-sharing archive; Spark will start slower"
	@touch $(CDS)

# The official awsglue library's wheels, one per Glue version (5.0.0, 5.1.0, 6.0.0), read (never imported) by
# tests/test_signatures.py. 6.0.0 requires Python 3.13, hence the explicit target interpreter for the download.
WHEELS := .cache/awsglue-wheel
GLUE_WHEELS := $(foreach v,5.0.0 5.1.0 6.0.0,$(WHEELS)/awsgluedataplanepython-$(v)-py3-none-any.whl)
$(WHEELS)/awsgluedataplanepython-%-py3-none-any.whl: $(STAMP)
	$(BIN)/pip download --quiet --no-deps --only-binary=:all: --python-version $(if $(filter 6.%,$*),3.13,3.11) \
		AWSGlueDataplanePython==$* -d $(WHEELS)
	@touch $@

setup: check-python $(STAMP) $(CDS) $(GLUE_WHEELS)

# Local pipeline on generated sample data; prints the counts table.
run: check-run setup
	$(BIN)/stedi run

# The whole suite on the default engine, then the tests marked `engines` (tests/conftest.py) on every other
# runnable Glue version's engine, each in its locked venv (made on first use). pytest's exit code 5 (no tests
# collected) is a failure here.
PYTEST_OK = rc=$$?; if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests"; exit 1; fi; [ $$rc -eq 0 ] || exit $$rc
test: check-test setup
	$(BIN)/pytest; $(PYTEST_OK)
	@for version in $$($(ENGINES) others); do \
		echo "== Glue $$version: pytest -m engines"; \
		engine=$$($(ENGINES) path $$version) || exit 1; \
		$$engine/bin/pytest -m engines; $(PYTEST_OK); \
	done

# Rewrite every lock from pyproject.toml (and locks/tools.in) with the newest versions it allows; needs PyPI.
lock: $(TOOLS)/.stedi-lock
	$(ENGINES) lock

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
	rm -rf $(VENV) lake .pytest_cache .cache/engines .cache/tools
