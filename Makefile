# Parley — the two commands a newcomer types: `make run` and `make test`.
SWIFT ?= swift
DATA_DIR ?= ./data

.PHONY: run test deps test-deps build build-tests swift-test interop-test clean

## make run: install what is missing, build release, serve on embedded defaults.
run: deps build
	PARLEY_DATA_DIR=$${PARLEY_DATA_DIR:-$(DATA_DIR)} scripts/run.sh

## make test: install what the tests need and run the whole suite.
test: test-deps build-tests swift-test interop-test

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

build:
	$(SWIFT) build -c release --product parley

build-tests:
	$(SWIFT) build --build-tests

swift-test:
	$(SWIFT) test --skip-build

interop-test:
	$(SWIFT) build --product parley
	python3 -m pytest -q Tests/Interop

clean:
	rm -rf .build
