# Helpdesk FAQ. `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
WORKERS ?= 3
CHROMIUM ?= /usr/bin/chromium

.PHONY: run dev serve serve-cluster nginx wrk test lint format bench bench-outages install install-dev migrate demo static browser gettext messages clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py search_embeddings

## demo: the demo content; on a database nobody can sign in to yet, a staff account whose
## password is printed once; on one with no readers yet, some reader activity for the
## statistics (DEMO_ACTIVITY=0 leaves that out). Safe to run again: nothing is added twice.
demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py demo_staff --port $(PORT)
	$(PY) manage.py demo_activity

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

## run: install, migrate, load the demo content and serve it on 127.0.0.1:$(PORT)
run: demo static serve

## serve: the production server (gunicorn, several workers sharing the search model
## loaded before they fork, whitenoise for static files) and the task worker that sends
## mail (deploy/serve.py starts both, and the worker again if it stops)
serve:
	exec $(PY) deploy/serve.py --port $(PORT) --workers $(WORKERS)

## serve-cluster: two app servers (gunicorn, own processes and ports) behind Debian's nginx
## on 127.0.0.1:$(PORT); set DATABASE_URL (PostgreSQL) and REDIS_URL so they share state
serve-cluster: demo static
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "serve-cluster needs nginx: apt-get install nginx-light"; exit 1; }
	exec $(PY) deploy/cluster.py --port $(PORT) --workers $(WORKERS)

## dev: Django's development server with DEBUG on
dev: demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

## browser: make sure Chromium is there for the browser tests
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM): install it (sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium."; \
	    exit 1; \
	  fi; \
	fi

## gettext: GNU gettext, for `make messages` and the catalog tests (tests/test_i18n_catalogs.py
## runs makemessages to find strings missing from the catalogs); installed when run as root.
## `make run` needs none: the compiled catalogs (.mo) are committed.
gettext:
	@if ! command -v xgettext >/dev/null || ! command -v msgfmt >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's gettext for the translation catalogs"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else \
	    echo "The catalog tests and make messages need GNU gettext: install it (sudo apt-get install gettext)."; \
	    exit 1; \
	  fi; \
	fi

## messages: the Swedish and German catalogs (locale/) brought up to date with the code's
## strings, then compiled; translate every new or fuzzy entry in the .po files by hand,
## run it again, and commit the .po and .mo files together
MESSAGES_OPTIONS := -l sv -l de --add-location=file --no-obsolete --no-wrap \
  --ignore=staticfiles --ignore=media --ignore=node_modules --ignore=tests \
  --ignore=benchmarks --ignore=deploy --ignore=demo
messages: install gettext
	$(PY) manage.py makemessages -d django $(MESSAGES_OPTIONS)
	$(PY) manage.py makemessages -d djangojs $(MESSAGES_OPTIONS)
	$(PY) manage.py compilemessages -l sv -l de --ignore=.venv --ignore=node_modules --ignore=staticfiles

## nginx: Debian's nginx for the tests of several app servers behind it (tests/test_cluster.py,
## which run on PostgreSQL with Redis); installed when run as root, else those tests say they skip
# The headers-more module lets nginx send no Server header; nginx without it
# (installed by hand, say) gets it added.
NGINX_MORE := /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so
nginx:
	@if { ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; } || [ ! -e $(NGINX_MORE) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's nginx and its headers-more module for the cluster tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-http-headers-more-filter >/dev/null; \
	  else \
	    echo "Note: without nginx and libnginx-mod-http-headers-more-filter the cluster tests skip or fail."; \
	  fi; \
	fi

## wrk: the HTTP load generator of the benchmarks, whose --smoke runs are tests
## (tests/test_benchmarks.py); installed when run as root, else those tests say they skip
wrk:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing wrk for the benchmarks' smoke tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "Note: without wrk (apt-get install wrk) the load benchmarks' smoke tests skip."; \
	  fi; \
	fi

## axe: axe-core for the accessibility checks in the browser tests (npm, pinned in package-lock.json)
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { echo "The browser tests need npm (Node.js) to install axe-core: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## test: every test (unit, view, PostgreSQL-only ones when DATABASE_URL is PostgreSQL, browser,
## and each benchmark's --smoke run), a process per core (TEST_WORKERS=0 for one)
TEST_WORKERS ?= auto
test: install-dev browser gettext nginx wrk node_modules/axe-core/axe.min.js
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## lint: ruff (style and mistakes), import-linter (the layers as contracts, pyproject.toml)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy faq demo helpdesk

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: load benchmark of the article page and /healthz (see benchmarks/README.md)
bench: demo static
	$(PY) benchmarks/article_load.py

## bench-outages: restart PostgreSQL, cut Redis and kill a worker under load (needs both)
bench-outages: install
	$(PY) benchmarks/outages.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
