package requestconfig

import (
	"log/slog"
	"net/http"
	"time"
)

// The debug log (option.WithDebugLog): one record per attempt at debug
// level, one per retry at info level. Headers and bodies are never logged,
// so neither is the API key.

// logAttempt records an attempt at debug level: operation, method, URL
// without its query, attempt number, duration, status and request id, or
// the error.
func (cfg *RequestConfig) logAttempt(r *http.Request, res *http.Response, err error, attempt int, d time.Duration) {
	if cfg.Logger == nil || !cfg.Logger.Enabled(r.Context(), slog.LevelDebug) {
		return
	}
	attrs := append(cfg.logAttrs(r, attempt), slog.Duration("duration", d))
	if res != nil {
		attrs = append(attrs, slog.Int("status", res.StatusCode), slog.String("request_id", res.Header.Get(RequestIDHeader)))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", plain(err).Error()))
	}
	cfg.Logger.LogAttrs(r.Context(), slog.LevelDebug, "avara request", attrs...)
}

// logRetry records at info level that the attempt will be retried after
// wait, or that the retry budget withheld the retry.
func (cfg *RequestConfig) logRetry(r *http.Request, attempt int, wait time.Duration, withheld bool) {
	if cfg.Logger == nil || !cfg.Logger.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	attrs := cfg.logAttrs(r, attempt)
	if withheld {
		cfg.Logger.LogAttrs(r.Context(), slog.LevelInfo, "avara retry refused: the client's retry budget is exhausted", attrs...)
		return
	}
	attrs = append(attrs, slog.Duration("wait", wait))
	cfg.Logger.LogAttrs(r.Context(), slog.LevelInfo, "avara retry", attrs...)
}

// logAttrs are the attributes every record has: the Go method the call
// came from ("Express.Users.Add", or "Client.Execute" for a raw call), the
// HTTP method, the URL without its query, and the attempt number.
func (cfg *RequestConfig) logAttrs(r *http.Request, attempt int) []slog.Attr {
	return []slog.Attr{
		slog.String("operation", cfg.Operation.GoName()),
		slog.String("method", r.Method),
		slog.String("url", URLForErrors(r.URL)),
		slog.Int("attempt", attempt),
	}
}
