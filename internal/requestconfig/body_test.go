package requestconfig

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadBody(t *testing.T) {
	old := MaxResponseBytes
	MaxResponseBytes = 300 << 10
	t.Cleanup(func() { MaxResponseBytes = old })

	body := func(n int) string { return strings.Repeat("0123456789", n/10+1)[:n] }
	tests := []struct {
		name     string
		text     string
		declared int64 // the Content-Length, -1 for none
		wantErr  bool
	}{
		{"a body of its declared length", body(40 << 10), 40 << 10, false},
		{"a body longer than declared is read whole", body(50 << 10), 10 << 10, false},
		{"a body of unknown length grows its buffer", body(200 << 10), -1, false},
		{"an empty body of unknown length", "", -1, false},
		{"a body of unknown length over the bound fails", body(301 << 10), -1, true},
		{"a declared length over the bound fails before reading", body(10), 301 << 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Reads of a few bytes at a time, as from a slow connection.
			r := io.NopCloser(iotest.HalfReader(strings.NewReader(tt.text)))
			got, err := readBody(&http.Response{Body: r, ContentLength: tt.declared})
			if tt.wantErr {
				assert.ErrorIs(t, err, errInvalidResponse)
				assert.Contains(t, err.Error(), "byte bound")
				return
			}
			require.NoError(t, err)
			assert.True(t, bytes.Equal([]byte(tt.text), got), "read %d bytes of %d", len(got), len(tt.text))
		})
	}
}
