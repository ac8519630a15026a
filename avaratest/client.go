package avaratest

import (
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
)

// Client returns an Avara client pointed at the fake with its API key and
// its webhook key (so client.Webhooks verifies what SendWebhook signs), whose
// retries wait microseconds instead of the default half a second and more
// (option.WithRetryBackoff), so that tests of retry paths are fast; a
// Retry-After hint a fault sends is still obeyed. Options given here come
// after those, so they can override any, for instance to test a wrong key.
// The fake must have a URL: NewServer sets it; after NewUnstartedServer the
// caller must.
func (s *Server) Client(opts ...option.RequestOption) *avara.Client {
	base := []option.RequestOption{
		option.WithBaseURL(s.URL),
		option.WithAPIKey(s.APIKey),
		option.WithWebhookKey(s.WebhookKey),
		option.WithRetryBackoff(ClientBackoff, 10*ClientBackoff),
	}
	return avara.NewClient(append(base, opts...)...)
}

// ClientBackoff is the first wait between attempts of a client made by
// Server.Client.
const ClientBackoff = 10 * time.Microsecond
