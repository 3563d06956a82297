# The README's quick start is exactly `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Editable in "strict" mode: build/ holds links to the sources and a plain path in a .pth file
# points there. The default mode instead installs an import hook that loads pathlib, urllib and
# more into every Python process of the venv (10-20 ms here), which a user's `pip install` does
# not have; start-up is measured in this venv. Strict mode links only the files that existed at
# install time, so adding or removing one (a directory's date changes) installs again.
PACKAGE_DIRS := $(shell find wijkpost templates -type d -not -name __pycache__)
$(STAMP): $(BIN)/python pyproject.toml Makefile $(PACKAGE_DIRS)
	$(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=strict
	touch $(STAMP)

# The main job on the example project, with no account anywhere: a draft under the work hat,
# published to the site channel, the site built. Private state goes to a throw-away home.
DEMO_HOME := $(CURDIR)/.venv/demo-home
demo: $(STAMP)
	rm -rf $(DEMO_HOME)
	rm -f sites/voorbeeldwijk/posts/*/*/*-demo-wijkpost-werkt*.md sites/voorbeeldwijk/media/*/*/demo-wijkpost-werkt*
	WIJKPOST_HOME=$(DEMO_HOME) $(BIN)/wijkpost check
	WIJKPOST_HOME=$(DEMO_HOME) $(BIN)/wijkpost draft new --as werk --to voorbeeldwijk \
	    --title "Demo: wijkpost werkt" --tag evenementen \
	    "Dit bericht is gemaakt door **make demo**. Het staat alleen op je eigen computer."
	WIJKPOST_HOME=$(DEMO_HOME) $(BIN)/wijkpost draft show 1
	WIJKPOST_HOME=$(DEMO_HOME) $(BIN)/wijkpost publish 1 --now
	WIJKPOST_HOME=$(DEMO_HOME) $(BIN)/wijkpost status 1
	WIJKPOST_HOME=$(DEMO_HOME) $(BIN)/wijkpost collect --source feed:gemeente
	WIJKPOST_HOME=$(DEMO_HOME) $(BIN)/wijkpost digest --all
	@echo
	@echo "De site staat in sites/voorbeeldwijk/public/ — bekijk hem met: $(BIN)/wijkpost site serve"

test: $(STAMP)
	$(BIN)/ruff check wijkpost tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/site_build.py 1000
	$(BIN)/python bench/publish.py

clean:
	rm -rf $(VENV) build dist *.egg-info sites/*/public sites/*/.wijkpost-cache
