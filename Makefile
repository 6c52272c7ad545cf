# make run: install what is needed and start the app.  make test: install and run the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test system venv bench screenshots package clean

system:
	./scripts/system-deps.sh

$(VENV)/.installed: pyproject.toml
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,package,hub]'
	touch $@

venv: system $(VENV)/.installed

run: venv
	$(PY) main.py

test: venv
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

bench: venv
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

screenshots: venv
	QT_QPA_PLATFORM=offscreen $(PY) main.py gui --screenshots docs/screenshots --demo

package: venv
	./packaging/build.sh

clean:
	rm -rf build dist .pytest_cache
