// Command avara-fake serves the fake Avara API of package avaratest on a TCP
// address, for tests and demos in other processes or languages:
//
//	go run ./cmd/avara-fake -seed 25
//	AVARA_BASE_URL=http://127.0.0.1:4010 AVARA_API_KEY=avt_test_key go run ./examples/quickstart
//
// It serves every operation of the Avara API, keeps its state in memory
// until it stops, logs one line per request to standard error, and shuts
// down cleanly on SIGINT or SIGTERM.
//
// Faults make the retry and error paths of a client reachable with curl:
// -fault (repeatable) queues a fault as avaratest.ParseFault reads it, and
// -chaos fails a random share of all requests with 503:
//
//	go run ./cmd/avara-fake -fault 'GET /v1/express 503 x2' -fault 'POST /v1/express 429'
//	go run ./cmd/avara-fake -chaos 0.2
//
// -seed-file starts it with objects that tests of other clients name, such
// as the ids the official SDKs' tests use (scripts/official-sdks):
//
//	go run ./cmd/avara-fake -seed-file avaratest/testdata/official_seed.json
//
// -reset serves POST /avara-fake/reset, which throws the fake's state away
// and builds it again from the flags, so that each test of a suite can
// start from the seed, or from the seed in the request's body (in the
// form of -seed-file) when it has one; -request-log writes every request, for a record of
// what a client sent.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/avara/avara-go/avaratest"
)

// shutdownTimeout bounds how long requests in flight may take to finish once
// a signal arrives; delayed (fault-injected) requests are cut at once.
const shutdownTimeout = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr, nil); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "avara-fake:", err)
		}
		os.Exit(2)
	}
}

// run serves until ctx is done. ready, if not nil, receives the address
// actually listened on, which differs from -addr when its port is 0.
func run(ctx context.Context, args []string, logOut io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("avara-fake", flag.ContinueOnError)
	fs.SetOutput(logOut)
	addr := fs.String("addr", "127.0.0.1:4010", "address to listen on")
	key := fs.String("key", avaratest.DefaultAPIKey, "the API key clients must send")
	seed := fs.Int("seed", 0, "number of customers to create at start")
	seedPath := fs.String("seed-file", "", "a JSON file of customers and other objects to create at start:\n{\"customers\": [{\"id\": \"cus_…\", \"users\": [\"usr_…\"]}], \"objects\": {\"AutoScribeStudy\": [{…}]}}")
	pageSize := fs.Int("page-size", avaratest.DefaultPageSize, "objects per list page when no limit is given (1-100)")
	var faults []avaratest.Fault
	fs.Func("fault", "a fault to inject, repeatable: \"METHOD PATH [STATUS] [xN] [skip=N] [delay=DURATION] [drop=before|after]\",\nsuch as 'GET /v1/express 503 x2'; METHOD or PATH * matches any", func(s string) error {
		f, err := avaratest.ParseFault(s)
		if err == nil {
			faults = append(faults, f)
		}
		return err
	})
	allowReset := fs.Bool("reset", false, "serve POST "+resetPath+", which starts the fake afresh, as built from these flags\n(with the request's body, if any, as the -seed-file)")
	reqLogPath := fs.String("request-log", "", "a file to write each request to, one JSON object a line: method, path, query, body, status")
	chaos := fs.Float64("chaos", 0, "the share of requests, from 0 to 1, that fail at random with 503")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	case *key == "":
		return errors.New("-key must not be empty")
	case *seed < 0:
		return fmt.Errorf("-seed must not be negative, got %d", *seed)
	case *pageSize < 1 || *pageSize > 100:
		return fmt.Errorf("-page-size must be between 1 and 100, got %d", *pageSize)
	case !(*chaos >= 0 && *chaos <= 1):
		return fmt.Errorf("-chaos must be between 0 and 1, got %v", *chaos)
	}

	seeds := &seedFile{}
	if *seedPath != "" {
		var err error
		if seeds, err = readSeedFile(*seedPath); err != nil {
			return fmt.Errorf("-seed-file: %w", err)
		}
	}

	logger := slog.New(slog.NewTextHandler(logOut, nil))
	build := func(seeds *seedFile) (*avaratest.Server, error) {
		fake, err := newFake(
			avaratest.WithAPIKey(*key),
			avaratest.WithCustomers(seeds.Customers...),
			avaratest.WithSeedCount(*seed),
			avaratest.WithDefaultPageSize(*pageSize),
			avaratest.WithLogger(logger),
		)
		if err != nil {
			return nil, fmt.Errorf("-seed-file: %w", err)
		}
		if err := seeds.addObjects(fake); err != nil {
			fake.Close()
			return nil, fmt.Errorf("-seed-file: %w", err)
		}
		for _, f := range faults {
			fake.InjectFault(f)
		}
		if *chaos > 0 {
			fake.SetChaos(avaratest.Chaos{Rate: *chaos, Seed: uint64(time.Now().UnixNano())})
		}
		return fake, nil
	}
	fake, err := build(seeds)
	if err != nil {
		return err
	}
	var reqLog io.WriteCloser
	if *reqLogPath != "" {
		if reqLog, err = os.Create(*reqLogPath); err != nil {
			fake.Close()
			return fmt.Errorf("-request-log: %w", err)
		}
	}
	h := &resettable{fake: fake, build: build, seeds: seeds, log: reqLog, logger: logger, allowReset: *allowReset}
	defer h.close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	h.url = "http://" + ln.Addr().String()
	fake.URL = h.url
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	// The key is only logged when it is the well-known test key: a key
	// given with -key may be one the user cares about.
	shownKey := "(set with -key)"
	if *key == avaratest.DefaultAPIKey {
		shownKey = *key
	}
	logger.Info("avara-fake listening", "url", h.url, "api_key", shownKey, "customers", *seed+len(seeds.Customers),
		"faults", len(faults), "chaos", *chaos)
	if ready != nil {
		ready <- ln.Addr().String()
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}

	logger.Info("avara-fake shutting down")
	// Closing the fake first ends injected delays, so Shutdown does not wait
	// for them.
	h.closeFake()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return h.close()
}
