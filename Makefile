# Grip: two commands do everything on a fresh Debian/Ubuntu machine.
#   make run    installs everything and starts the app on the sample gemeente
#   make test   installs everything (browser included) and runs the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install app-deps system-deps lint clean bench

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# From Debian, installed when missing (never from `playwright install`): Pango and fonts for the PDF report
# (WeasyPrint), for the app itself; Chromium for the browser tests and PostgreSQL for the store tests as well.
APP_DEPS_CHECK = \
	ldconfig -p | grep -q libpangoft2-1.0.so.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q libharfbuzz-subset.so.0 || missing="$$missing libharfbuzz-subset0"; \
	command -v fc-list >/dev/null 2>&1 && [ -n "$$(fc-list)" ] || missing="$$missing fontconfig fonts-dejavu-core";
APT_INSTALL = \
	if [ -n "$$missing" ]; then \
		echo "Ontbreekt:$$missing; installeren met apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

app-deps:
	@missing=""; $(APP_DEPS_CHECK) $(APT_INSTALL)

system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	$(APP_DEPS_CHECK) $(APT_INSTALL)

# One BLAS thread: the model's matrices are tiny and BLAS threads only spin on them (set before numpy loads).
run: install app-deps
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m streamlit run app.py

lint: install
	$(PY) -m ruff check .

test: install system-deps
	$(PY) -m ruff check .
	$(PY) -m pytest

# Accuracy benchmark (about 10-15 minutes on 2 cores); outside references from requirements-bench.txt.
BENCH_DEPS := $(VENV)/bench-deps
bench: install
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --target $(BENCH_DEPS) -r requirements-bench.txt
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$(BENCH_DEPS) $(PY) -m benchmarks.accuracy

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
