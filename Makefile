# make demo / make test set the machine up first (idempotent, seconds when nothing changed).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.clseg-setup
DATA ?= data/synthvoc
PYTEST_ARGS ?=

.PHONY: setup demo test data pretrain ledger clean-data
setup: $(STAMP)

$(STAMP): setup.cfg pyproject.toml tools/setup_env.sh tools/build_mmcv.sh
	CLSEG_VENV=$(VENV) tools/setup_env.sh
	@touch $(STAMP)

data: setup
	$(PY) tools/make_synthetic.py --out $(DATA)

pretrain: setup
	$(PY) tools/pretrain_backbone.py

demo: setup
	$(PY) tools/demo.py --data-root $(DATA)

ledger: setup
	$(PY) tools/ledger.py --data-root $(DATA)

test: setup
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

clean-data:
	rm -rf $(DATA)
