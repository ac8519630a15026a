package option

import "github.com/avara/avara-go/internal/requestconfig"

// WithWebhookKey sets the key client.Webhooks verifies Avara's webhook
// deliveries with: the whsec_ secret of the endpoint, as the Avara
// dashboard shows it. It overrides the AVARA_WEBHOOK_KEY environment
// variable. It belongs on the client (avara.NewClient); no API request
// sends it, and it never appears in errors or logs.
//
// The key is checked when it is used, not here, so that a malformed webhook
// key never fails the client's API calls: client.Webhooks.Unwrap then fails
// with an error naming this option, and client.Webhooks.Handler refuses
// every delivery with 500. An empty key leaves the client without one.
func WithWebhookKey(key string) RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		cfg.WebhookKey = key
		return nil
	})
}
