# One command to run the portal, one to test it. Every target is idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# The CKAN version to install, serve and test: 2.12 (the default) or 2.11, each in a virtualenv
# of its own (.venv, .venv-2.11) with its own pins (constraints/ckan-<version>.txt).
CKAN ?= 2.12
export CHERVONOHRAD_CKAN := $(CKAN)
VENV := $(if $(filter 2.12,$(CKAN)),.venv,.venv-$(CKAN))
CKAN_CLI := $(VENV)/bin/ckan
PORTAL_INI := var/ckan.ini

.PHONY: help install services stop status portal-db demo dev demo-reload test test-db i18n-extract lint harvest-demo

help:
	@echo "make demo     install, start services, load demo data, serve http://127.0.0.1:5000"
	@echo "make test     the same set-up, then the whole test suite"
	@echo "make services start PostgreSQL, Redis and Solr   (make stop / make status)"
	@echo "make demo-reload   reload the demo data from scratch"
	@echo "make lint     ruff"
	@echo "CKAN=2.11     any of these on CKAN 2.11 instead of 2.12 (make test CKAN=2.11)"

install:
	@bash scripts/install.sh

# SOLR_MODE=cloud also starts a two-node SolrCloud with the Ukrainian configset (scripts/solrcloud.sh).
services: install
	@bash scripts/services.sh start postgres redis solr
	@$(if $(filter cloud,$(SOLR_MODE)),bash scripts/solrcloud.sh start,true)

stop:
	@bash scripts/solrcloud.sh stop >/dev/null
	@bash scripts/services.sh stop

status:
	@bash scripts/services.sh status

portal-db: services
	@bash scripts/configure.sh portal

demo: portal-db
	@bash scripts/services.sh start mail
	@$(CKAN_CLI) -c $(PORTAL_INI) chervonohrad demo load
	@bash scripts/services.sh start worker scheduler web
	@echo
	@echo "Портал / portal:  http://127.0.0.1:5000  (українською; English: http://127.0.0.1:5000/en/)"
	@echo "Вхід / log in:    http://127.0.0.1:5000/user/login  as  admin / Demo-Chervonohrad-2025"
	@echo "Листи / email:    var/log/mail.log (the demo's SMTP sink)"
	@echo "Зупинити / stop:  make stop"

# The demo with CKAN's development server (one process, threads) instead of gunicorn.
dev: export WEB_SERVER = dev
dev: demo

demo-reload: portal-db
	@bash scripts/services.sh start mail
	@$(CKAN_CLI) -c $(PORTAL_INI) chervonohrad demo load --reset

# A second, stock CKAN on :5001 (config/source-portal.ini) seeded with data.gov.ua-shaped datasets,
# harvested into the demo portal through the Redis queues (scripts/source-portal.sh stop ends it).
harvest-demo: demo
	@bash scripts/source-portal.sh demo

test-db: services
	@bash scripts/configure.sh test

# The suite in parallel: TEST_WORKERS xdist workers (each with the database, Solr core, Redis db and
# SMTP port scripts/configure.sh test made for it); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 4
# A test's `app` is the previous test's where nothing it is made of changed (tests/conftest.py,
# make_app); TEST_REUSE_APP=0 makes a new app for every test, as pytest-ckan does.
TEST_REUSE_APP ?= 1
test: export CHERVONOHRAD_TEST_WORKERS = $(TEST_WORKERS)
test: export CHERVONOHRAD_TEST_REUSE_APP = $(TEST_REUSE_APP)
test: test-db
	@start=$$(date +%s); status=0; \
	$(VENV)/bin/python -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS)) $(PYTEST_ARGS) || status=$$?; \
	echo "test suite: $$(( $$(date +%s) - start )) s (pytest, $(TEST_WORKERS) workers, CKAN $(CKAN))"; exit $$status

i18n-extract:
	@$(VENV)/bin/python scripts/i18n_extract.py ckanext/chervonohrad/i18n/ckanext-chervonohrad.pot
	@for lang in uk en; do $(VENV)/bin/pybabel update -i ckanext/chervonohrad/i18n/ckanext-chervonohrad.pot \
		-d ckanext/chervonohrad/i18n -D ckanext-chervonohrad -l $$lang --no-fuzzy-matching; done

lint: install
	@$(VENV)/bin/ruff check ckanext bench scripts
