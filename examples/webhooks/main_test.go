package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWebhooksExample(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 6, out.String())
	assert.Contains(t, lines[0], "Endpoint for study.access_requested listening at http://127.0.0.1:")
	assert.Equal(t, "1. Avara delivered study.access_requested; the endpoint answered 200: authorized=true", lines[1])
	assert.Equal(t, "   https://pacs.example.com/1.2.840.113619.2.55.3.1234567890/1.dcm?sig=…", lines[2])
	assert.Equal(t, "   https://pacs.example.com/1.2.840.113619.2.55.3.1234567890/2.dcm?sig=…", lines[3])
	assert.Equal(t, "2. The same delivery again: 409 avara: webhook id already accepted: the replay window is 5m0s", lines[4])
	assert.Equal(t, "3. A delivery signed with another key: 401 avara: webhook signature does not verify: no v1 signature matches the payload under the webhook key", lines[5])
}
