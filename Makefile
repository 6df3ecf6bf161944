# Re-Turn Portal: the README's commands. Everything runs inside .venv, made from requirements.lock.
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
export DJANGO_SETTINGS_MODULE := returnportal.settings

.PHONY: run test up bench bench-flood bench-mailbox messages makemessages lint install migrate demo mutate

$(VENV_STAMP): requirements.lock
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(VENV_STAMP)

install: $(VENV_STAMP)

messages: $(VENV_STAMP)
	$(PY) -m returnportal.i18n compile

makemessages: $(VENV_STAMP)
	$(PY) -m returnportal.i18n update

migrate: messages
	mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

# IBM's Equal Access engine for the browser tests (tests/a11y), from the npm registry when npm is
# here; --ignore-scripts: no install step downloads anything (a browser) of its own.
A11Y_STAMP := tests/a11y/node_modules/.installed

$(A11Y_STAMP): tests/a11y/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/a11y --ignore-scripts --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: tests/e2e/test_equal_access.py will skip (and fail with REQUIRE_SERVICES=1)"; fi

test: messages $(A11Y_STAMP)
	$(PY) -m pytest -p no:randomly $(PYTEST_ARGS)

lint: $(VENV_STAMP)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

up: messages
	@test -n "$$DATABASE_URL" || { echo "make up needs DATABASE_URL (PostgreSQL) and REDIS_URL"; exit 2; }
	@test -n "$$REDIS_URL" || { echo "make up needs DATABASE_URL (PostgreSQL) and REDIS_URL"; exit 2; }
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	.venv/bin/honcho start -f Procfile

# The benchmark (tests/perf): PostgreSQL and Redis from DATABASE_URL / REDIS_URL, report in var/bench/.
# Exits non-zero when a target is missed; every part (pages, mailbox, sign-in flood) runs either way.
bench: messages
	status=0; $(PY) -m tests.perf.run $(BENCH_ARGS) || status=1; \
	$(PY) -m tests.perf.mailbox || status=1; \
	$(PY) -m tests.perf.flood || status=1; exit $$status

# The sign-in flood: home-page throughput alone and under random-name sign-ins (target >= 50 %).
bench-flood: messages
	$(PY) -m tests.perf.flood $(BENCH_ARGS)

# The office-mailbox import and the e-mail case page alone (needs Dovecot, as the tests do).
bench-mailbox: messages
	$(PY) -m tests.perf.mailbox $(BENCH_ARGS)

# Mutation testing ([tool.mutmut] in pyproject.toml): PostgreSQL and Redis as for `make test`.
# Catalogues are compiled first so mutants/ holds the .mo files. `.venv/bin/mutmut results` lists
# the survivors, `.venv/bin/mutmut show <name>` shows one.
mutate: messages
	.venv/bin/mutmut run --max-children 1 $(MUTATE_ARGS)
