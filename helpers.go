package avara

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
)

// String returns a param.Opt set to v, for optional string params.
func String(v string) param.Opt[string] { return param.NewOpt(v) }

// Int returns a param.Opt set to v, for optional integer params.
func Int(v int64) param.Opt[int64] { return param.NewOpt(v) }

// Float returns a param.Opt set to v, for optional number params.
func Float(v float64) param.Opt[float64] { return param.NewOpt(v) }

// Bool returns a param.Opt set to v, for optional boolean params.
func Bool(v bool) param.Opt[bool] { return param.NewOpt(v) }

// Time returns a param.Opt set to v, for optional timestamp params.
func Time(v time.Time) param.Opt[time.Time] { return param.NewOpt(v) }

// call sends one request of a generated method and decodes its answer
// into a new T.
func call[T any, PT interface {
	*T
	json.Unmarshaler
}](c *Client, ctx context.Context, op *requestconfig.Operation, path string, query url.Values, body any, opts []option.RequestOption) (*T, error) {
	res := PT(new(T))
	if err := send(c, ctx, op, path, query, body, opts, res); err != nil {
		return nil, err
	}
	return res, nil
}

// send sends one request of a generated method and decodes its answer
// into dst (nil discards it).
func send(c *Client, ctx context.Context, op *requestconfig.Operation, path string, query url.Values, body any, opts []option.RequestOption, dst json.Unmarshaler) error {
	cfg, err := c.newRequest(ctx, op, path, query, body, opts)
	if err != nil {
		return err
	}
	return cfg.Execute(dst)
}

// queryList is a list query parameter as the official SDKs send it: the
// elements joined with commas.
func queryList[E any](list []E, str func(E) string) string {
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = str(e)
	}
	return strings.Join(parts, ",")
}
