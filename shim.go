package avara

import (
	"context"
	"net/url"

	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
)

// clientOptions are the client's options, applied to each call.
type clientOptions struct {
	opts []option.RequestOption
}

// newRequest builds one call's config from the client's options and the
// call's. A nil c, a zero Client's service, builds from the defaults.
func (c *Client) newRequest(ctx context.Context, op *requestconfig.Operation, path string, query url.Values, body any, opts []option.RequestOption) (*requestconfig.RequestConfig, error) {
	if c == nil || c.options.opts == nil {
		c = NewClient()
	}
	return requestconfig.New(ctx, op, path, query, body, c.options.opts, opts)
}

// config is the client's resolved config with opts applied, for no
// particular request.
func (c *Client) config(opts []option.RequestOption) (*requestconfig.RequestConfig, error) {
	if c == nil || c.options.opts == nil {
		c = NewClient()
	}
	return requestconfig.New(context.Background(), &requestconfig.Operation{}, "", nil, nil, c.options.opts, opts)
}
