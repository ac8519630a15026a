package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTelemetryExample(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out strings.Builder
	require.NoError(t, run(ctx, &out))
	text := out.String()
	for _, want := range []string{
		"   Express.New [internal] {avara.method=Express.New avara.attempts=1}",
		"      GET /v1/express/{expressCustomerId} [client] {http.request.method=GET",
		"http.request.resend_count=2 http.response.status_code=200}",
		"   Express.Get [internal] {avara.method=Express.Get avara.attempts=3} event=avara.retry{avara.retry.attempt=0",
		"   Express.Get [internal] {avara.method=Express.Get avara.attempts=1 error.type=404} status=Error(404)",
		"      {avara.method=Express.Get avara.retry.outcome=granted} value=2",
		"      {avara.method=Express.List avara.outcome=success} count=2",
		"each with a traceparent header such as 00-",
	} {
		assert.Contains(t, text, want)
	}
	assert.Equal(t, 2, strings.Count(text, "   Express.List [internal]"), "one call span per page")
}
