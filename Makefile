# Jijiao — the two commands a new user types:
#   make run    install what is missing, build, seed demo data, serve on :8080
#   make test   install what is missing, build, run every test
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps build server web run test test-unit test-api test-web test-e2e fuzz bench-rush bench-pages clean

all: build

deps:
	@scripts/bootstrap.sh

build: server web

server:
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)
	@ninja -C $(BUILD) -j$(JOBS)

web:
	@if [ -d web/node_modules ]; then cd web && npm run --silent build; \
	 else echo "web: node_modules missing, run 'make deps' first"; exit 1; fi

run: deps build
	@test -f var/jijiao.db || $(BUILD)/jijiao demo --db sqlite:var/jijiao.db
	@echo "This is the demo county. A real office starts from an empty database instead:"
	@echo "  $(BUILD)/jijiao --db sqlite:var/office.db migrate"
	@echo "  $(BUILD)/jijiao --db sqlite:var/office.db import orgs ORGS.xlsx --mode insert"
	@echo "  $(BUILD)/jijiao --db sqlite:var/office.db admin create --username U --org CODE --role bureau_admin"
	@echo "  JIJIAO_BASE_URL=https://your.host $(BUILD)/jijiao --db sqlite:var/office.db serve --web-root web/dist"
	@$(BUILD)/jijiao serve --db sqlite:var/jijiao.db --web-root web/dist --listen 127.0.0.1:8080

test: deps build
	@scripts/test.sh $(BUILD)

test-unit: server
	@$(BUILD)/jj_unit_tests

test-api: server
	@scripts/with-postgres.sh $(BUILD)/jj_api_tests

test-web:
	@cd web && npm test --silent

test-e2e: build
	@scripts/e2e.sh $(BUILD)

fuzz:
	@scripts/fuzz.sh 60

# Registration rush (issue #5): 5,000 teachers, 500 seats, two servers on one
# PostgreSQL; ROUNDS=n repeats it on fresh projects.
ROUNDS ?= 1
bench-rush:
	@JOBS=$(JOBS) scripts/bench_rush.sh $(BUILD) $(ROUNDS)

# The list and summary pages under load, per role, beside /healthz (the
# floor): SCALE=county|city|province, DBS="sqlite postgres", SECONDS_EACH=4.
bench-pages: server
	@bench/pages.sh $(BUILD)

clean:
	rm -rf $(BUILD) web/dist
