// Package avara is the Go client for the Avara API: Express customers, which
// group the users, studies and access rights of a medical organisation, and
// their users.
//
// Create one client and share it; it is safe for concurrent use and reuses
// connections:
//
//	client := avara.NewClient() // reads AVARA_API_KEY and AVARA_BASE_URL
//	c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "City Medical Center"})
//
// Every method takes options (package option) that apply to that call only,
// on top of the client's. Failed requests are retried (2 times by default)
// with exponential backoff; a non-2xx answer is an *Error.
package avara

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/internal/retrybudget"
	"github.com/avara/avara-go/option"
)

//go:generate go run -C codegen . -root ..

// NewClient returns a client configured from the environment, then opts,
// as the official Avara SDKs read it:
//
//   - AVARA_API_KEY sets the API key;
//   - AVARA_WEBHOOK_KEY the key client.Webhooks verifies deliveries with;
//   - AVARA_BASE_URL the base URL (default https://api.avarasoftware.com);
//   - AVARA_CUSTOM_HEADERS adds headers to every request, one "Name: value"
//     per line;
//   - AVARA_LOG=info logs retries and their waits to standard error, and
//     AVARA_LOG=debug every attempt too (never a header or a body, so never
//     the API key).
//
// An explicit option wins over the variable it overlaps (option.WithAPIKey,
// WithBaseURL, WithHeader, WithDebugLog). The options are applied once,
// here. A client without an API key can be built; each of its calls fails
// with an error saying how to set one, and so does each call of a client
// whose options or environment are malformed: an *InvalidParamsError that
// names the option or the variable.
func NewClient(opts ...option.RequestOption) *Client {
	c := &Client{}
	cfg, err := clientConfig(append(DefaultClientOptions(), opts...))
	if err == nil && cfg.NewRetryBudget != nil {
		cfg.RetryBudget = retrybudget.New(*cfg.NewRetryBudget, cfg.Clock.Now)
		cfg.NewRetryBudget = nil
	}
	c.base = clientBase{cfg: cfg, err: err}
	c.setServices()
	return c
}

// DefaultClientOptions returns the options NewClient starts from, read from
// the environment (see NewClient).
func DefaultClientOptions() []option.RequestOption {
	defaults := []option.RequestOption{option.WithEnvironmentProduction()}
	if base := os.Getenv("AVARA_BASE_URL"); base != "" {
		defaults = append(defaults, envBaseURL(base))
	}
	if key := os.Getenv("AVARA_API_KEY"); key != "" {
		defaults = append(defaults, option.WithAPIKey(key))
	}
	if key := os.Getenv("AVARA_WEBHOOK_KEY"); key != "" {
		defaults = append(defaults, option.WithWebhookKey(key))
	}
	if h, ok := os.LookupEnv("AVARA_CUSTOM_HEADERS"); ok {
		defaults = append(defaults, customHeaders(h))
	}
	if level, ok := os.LookupEnv("AVARA_LOG"); ok && level != "" {
		defaults = append(defaults, envLog(level))
	}
	return defaults
}

// clientBase is what NewClient made of the client's options: the config
// every call clones, or the error every call fails with.
type clientBase struct {
	cfg *requestconfig.RequestConfig
	err error
}

// zeroClientBudget is the retry budget every zero Client shares.
var zeroClientBudget = retrybudget.New(retrybudget.Default, time.Now)

// clientConfig applies a client's options, in order, to the defaults.
func clientConfig(opts []option.RequestOption) (*requestconfig.RequestConfig, error) {
	cfg := requestconfig.Defaults(sdkErrors{})
	if err := apply(cfg, nil, opts); err != nil {
		return nil, err
	}
	return cfg, nil
}

// apply applies opts, in order, to cfg, the config of a call of op (nil for
// a client's own config). An option's error is an *InvalidParamsError.
func apply(cfg *requestconfig.RequestConfig, op *requestconfig.Operation, opts []option.RequestOption) error {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.Apply(cfg); err != nil {
			return optionError(op, err)
		}
	}
	return nil
}

// start returns a config of c's for one call to change: a clone of the
// client's, or, for the zero Client, one built from the defaults and the
// environment.
func (c *Client) start() (*requestconfig.RequestConfig, error) {
	if c != nil && (c.base.cfg != nil || c.base.err != nil) {
		if c.base.err != nil {
			return nil, c.base.err
		}
		return c.base.cfg.Clone(), nil
	}
	cfg, err := clientConfig(DefaultClientOptions())
	if err != nil {
		return nil, err
	}
	if cfg.NewRetryBudget != nil {
		cfg.RetryBudget, cfg.NewRetryBudget = zeroClientBudget, nil
	}
	return cfg, nil
}

// config returns c's config with opts applied, for no particular request.
// A nil c, or the zero Client, is configured from the defaults and the
// environment.
func (c *Client) config(opts []option.RequestOption) (*requestconfig.RequestConfig, error) {
	cfg, err := c.start()
	if err != nil {
		return nil, err
	}
	if err := callOptions(cfg, nil, opts); err != nil {
		return nil, err
	}
	return cfg, nil
}

// newRequest builds the config of one call of op: c's config (see config),
// then the call's path, query and body (nil for none; it is encoded as
// JSON), then opts. Anything wrong is an *InvalidParamsError, and nothing
// has been sent.
func (c *Client) newRequest(ctx context.Context, op *requestconfig.Operation, path string,
	query url.Values, body any, opts []option.RequestOption) (*requestconfig.RequestConfig, error) {
	cfg, err := c.start()
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := cfg.Begin(ctx, op, path, query, body); err != nil {
		return nil, &InvalidParamsError{Method: op.GoName(), Err: fmt.Errorf("encoding the request body: %w", err)}
	}
	if err := callOptions(cfg, op, opts); err != nil {
		return nil, err
	}
	if err := cfg.ApplyJSON(); err != nil {
		return nil, &InvalidParamsError{Method: op.GoName(), Option: "WithJSONSet", Err: err}
	}
	if cfg.Authorization == nil && len(cfg.Header["Authorization"]) == 0 {
		return nil, &InvalidParamsError{Method: op.GoName(), Env: "AVARA_API_KEY", Err: errNoAPIKey}
	}
	return cfg, nil
}

var errNoAPIKey = errors.New("no API key: set this variable or pass option.WithAPIKey(key)")

// callOptions applies a call's options to cfg, a clone of its client's.
func callOptions(cfg *requestconfig.RequestConfig, op *requestconfig.Operation, opts []option.RequestOption) error {
	if err := apply(cfg, op, opts); err != nil {
		return err
	}
	if cfg.NewRetryBudget != nil {
		return optionError(op, &requestconfig.OptionError{Option: "WithRetryBudget",
			Err: errors.New("the retry budget is shared by every call of a client: give it to avara.NewClient (WithoutRetryBudget exempts a single call)")})
	}
	return nil
}

// CloseIdleConnections closes the idle keep-alive connections of the
// client's HTTP client, when it has a CloseIdleConnections method, as
// *http.Client does. Connections in use are left alone; the client stays
// usable. The SDK's default HTTP client is shared by every client that
// does not set its own (option.WithHTTPClient), so this closes their idle
// connections too.
func (c *Client) CloseIdleConnections() {
	cfg, err := c.config(nil)
	if err != nil {
		return
	}
	if hc, ok := cfg.HTTPClient.(interface{ CloseIdleConnections() }); ok {
		hc.CloseIdleConnections()
	}
}

// envBaseURL reads AVARA_BASE_URL.
func envBaseURL(base string) option.RequestOption {
	u, err := requestconfig.ParseBaseURL(base)
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return &requestconfig.OptionError{Env: "AVARA_BASE_URL", Err: err}
		}
		cfg.BaseURL = u
		return nil
	})
}

// customHeaders reads AVARA_CUSTOM_HEADERS: "Name: value" lines, separated
// by newlines (a CR before one is ignored), blank lines skipped. A line
// without a colon, or a name or value net/http would refuse, fails every
// call of the client with an error naming the variable and the line, never
// quoting a value, which may be a secret.
func customHeaders(env string) option.RequestOption {
	var names, values []string
	var err error
	for i, line := range strings.Split(env, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok {
			err = fmt.Errorf("line %d has no colon: want one \"Name: value\" per line", i+1)
			break
		}
		if e := requestconfig.CheckHeader(name, value); e != nil {
			err = fmt.Errorf("line %d: %w", i+1, e)
			break
		}
		names, values = append(names, name), append(values, value)
	}
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return &requestconfig.OptionError{Env: "AVARA_CUSTOM_HEADERS", Err: err}
		}
		for i, name := range names {
			cfg.Header.Set(name, values[i])
		}
		return nil
	})
}

// envLog reads AVARA_LOG, "info" or "debug" in any case, as the official
// SDKs do: a logger to standard error at that level.
func envLog(level string) option.RequestOption {
	var l slog.Level
	switch strings.ToLower(level) {
	case "info":
		l = slog.LevelInfo
	case "debug":
		l = slog.LevelDebug
	default:
		return requestconfig.OptionFunc(func(*requestconfig.RequestConfig) error {
			return &requestconfig.OptionError{Env: "AVARA_LOG", Err: fmt.Errorf("want info or debug, got %q", level)}
		})
	}
	return option.WithDebugLog(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})))
}

// pathID escapes an id for use as one path segment. Dots are escaped too, so
// an id of "." or ".." cannot climb the path either.
func pathID(id string) string {
	return strings.ReplaceAll(url.PathEscape(id), ".", "%2E")
}

// setExtras sets params' extra fields in q, replacing typed fields of the
// same key.
func setExtras(q url.Values, extras map[string]any) {
	for k, v := range extras {
		q.Set(k, queryValue(v))
	}
}

// queryValue renders an extra field for the query string. A json.RawMessage
// (what SetExtraFields takes for raw JSON, and what UnmarshalJSON keeps) is
// sent as the string it holds, or as its JSON text when it is not a string;
// fmt.Sprint would print its bytes as a list of numbers.
func queryValue(v any) string {
	raw, ok := v.(json.RawMessage)
	if !ok {
		return fmt.Sprint(v)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}
