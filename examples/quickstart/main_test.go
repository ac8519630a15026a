package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/avara/avara-go/avaratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstart(t *testing.T) {
	t.Run("without a key it says it uses the embedded fake, on its first line", func(t *testing.T) {
		t.Setenv("AVARA_API_KEY", "")
		var out bytes.Buffer
		require.NoError(t, run(context.Background(), &out))
		first, _, _ := strings.Cut(out.String(), "\n")
		assert.Contains(t, first, "AVARA_API_KEY is not set: using the embedded fake Avara server at http://127.0.0.1:")
	})
	t.Run("pointed at an API it says so on its first line and deactivates what it created", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(2))
		t.Cleanup(srv.Close)
		t.Setenv("AVARA_API_KEY", srv.APIKey)
		t.Setenv("AVARA_BASE_URL", srv.URL)
		var out bytes.Buffer
		require.NoError(t, run(context.Background(), &out))

		first, _, _ := strings.Cut(out.String(), "\n")
		assert.Equal(t, "AVARA_API_KEY is set: this walk-through runs against the REAL Avara API at "+srv.URL+
			". It creates three customers and deactivates them before it exits.", first)
		customers := srv.Customers()
		require.Len(t, customers, 5, "two that were there, three it created")
		for _, c := range customers[:2] {
			assert.True(t, c.IsActive, "%s was not the run's to touch", c.ID)
		}
		for _, c := range customers[2:] {
			assert.False(t, c.IsActive, "%s (%s) is left active", c.ID, c.Name)
			assert.Contains(t, out.String(), "deactivated "+c.ID)
		}
	})
	t.Run("a run that fails half-way still deactivates what it created", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		t.Setenv("AVARA_API_KEY", srv.APIKey)
		t.Setenv("AVARA_BASE_URL", srv.URL)
		// The walk's first page fails for good: the run stops at step 3.
		srv.InjectFault(avaratest.Fault{Method: "GET", Path: "/v1/express", Status: 400, Times: 1})
		var out bytes.Buffer
		err := run(context.Background(), &out)
		require.ErrorContains(t, err, "listing")
		customers := srv.Customers()
		require.Len(t, customers, 3)
		for _, c := range customers {
			assert.False(t, c.IsActive, "%s is left active", c.ID)
		}
	})
}
