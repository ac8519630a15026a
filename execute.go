package avara

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/google/go-querystring/query"
)

// Execute sends a request to an endpoint the SDK does not wrap yet, through
// the same pipeline as every method (auth, retries, idempotency, errors).
// path is relative to the base URL, such as "v1/express". For GET and HEAD,
// params (a params type of this package, a struct with `url` tags, or
// url.Values) becomes the query string;
// for other methods, DELETE included, it is the JSON body ([]byte and
// json.RawMessage are sent as they are). The answer is decoded into res, a
// pointer, unless res is nil.
//
// path is sent as it is written, so an id in it must be escaped (with
// url.PathEscape, say). A path with a query ("?") or a fragment ("#"), or
// with a "." or ".." segment, which a server or proxy would resolve to
// another endpoint, fails the call before anything is sent: give query
// parameters as params or with option.WithQuery.
func (c *Client) Execute(ctx context.Context, method, path string, params any, res any, opts ...option.RequestOption) error {
	op := &requestconfig.Operation{Method: method}
	invalid := func(err error) error { return &InvalidParamsError{Method: op.GoName(), Err: err} }
	if err := requestconfig.CheckMethod(method); err != nil {
		return invalid(err)
	}
	if err := checkPath(path); err != nil {
		return invalid(err)
	}
	var q url.Values
	var body any
	switch {
	case params == nil:
	case method == http.MethodGet || method == http.MethodHead:
		var err error
		if q, err = queryOf(params); err != nil {
			return invalid(err)
		}
	default:
		body = params
		if b, ok := params.([]byte); ok {
			body = json.RawMessage(b)
		}
	}
	cfg, err := c.newRequest(ctx, op, strings.TrimPrefix(path, "/"), q, body, opts)
	if err != nil {
		return err
	}
	return cfg.Execute(requestconfig.JSONInto(res))
}

// checkPath refuses a path Execute would not send where it seems to: one
// with a query or fragment, or with a dot segment (escaped or not, as
// servers decode %2E before they resolve segments).
func checkPath(path string) error {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		return fmt.Errorf("path %q: has a %q; give query parameters as params or with option.WithQuery", path, path[i])
	}
	for seg := range strings.SplitSeq(path, "/") {
		if u, err := url.PathUnescape(seg); err == nil && (u == "." || u == "..") {
			return fmt.Errorf("path %q: has a %q segment, which would resolve to another endpoint; escape ids with url.PathEscape", path, seg)
		}
	}
	return nil
}

// queryOf encodes params as a query string: a params type of this package
// as its methods send it (extra fields included), url.Values as they are,
// any other struct by its `url` tags.
func queryOf(params any) (url.Values, error) {
	switch p := params.(type) {
	case interface{ urlQuery() url.Values }:
		return p.urlQuery(), nil
	case url.Values:
		// Query options change the values in place: give them a copy, so
		// the caller's map is never written, even by concurrent calls.
		q := make(url.Values, len(p))
		for k, vs := range p {
			q[k] = slices.Clone(vs)
		}
		return q, nil
	}
	q, err := query.Values(params)
	if err != nil {
		return nil, fmt.Errorf("encoding the query parameters: %w", err)
	}
	return q, nil
}

// Get sends a GET request; see Execute.
func (c *Client) Get(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodGet, path, params, res, opts...)
}

// Post sends a POST request with params as the JSON body; see Execute.
func (c *Client) Post(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodPost, path, params, res, opts...)
}

// Put sends a PUT request with params as the JSON body; see Execute.
func (c *Client) Put(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodPut, path, params, res, opts...)
}

// Patch sends a PATCH request with params as the JSON body; see Execute.
func (c *Client) Patch(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodPatch, path, params, res, opts...)
}

// Delete sends a DELETE request with params as the JSON body; see Execute.
func (c *Client) Delete(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodDelete, path, params, res, opts...)
}
