# make demo / make test set the machine up first (idempotent, seconds when nothing changed); make demo and
# make ledger make the CPU configs' pretrained backbone first (once: `make pretrain` skips an existing file).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.clseg-setup
DATA ?= data/synthvoc
PYTEST_ARGS ?=
SYNTHVOC_ARGS ?=
PRETRAIN_ARGS ?=

.PHONY: setup demo test data pretrain ledger clean-data
setup: $(STAMP)

$(STAMP): setup.cfg pyproject.toml tools/setup_env.sh tools/build_mmcv.sh
	CLSEG_VENV=$(VENV) tools/setup_env.sh
	@touch $(STAMP)

data: setup
	$(PY) tools/make_synthetic.py --out $(DATA) $(SYNTHVOC_ARGS)

pretrain: setup
	$(PY) tools/pretrain_backbone.py $(PRETRAIN_ARGS)

demo: pretrain
	$(PY) tools/demo.py --data-root $(DATA)

ledger: pretrain
	$(PY) tools/ledger.py --data-root $(DATA)

test: setup
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

clean-data:
	rm -rf $(DATA)
