package avaratest

import (
	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
)

// Client returns an Avara client pointed at the fake with its key. Options
// given here come after those two, so they can override either, for
// instance to test a wrong key. The fake must have a URL: NewServer sets it;
// after NewHandler the caller must.
func (s *Server) Client(opts ...option.RequestOption) *avara.Client {
	base := []option.RequestOption{option.WithBaseURL(s.URL), option.WithAPIKey(s.APIKey)}
	return avara.NewClient(append(base, opts...)...)
}
