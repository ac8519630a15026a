// Package avaratest provides a fake Avara API server for tests: in-process,
// stateful and strict. It keeps the customers and memberships you create,
// enforces the API's validation rules and status codes, pages with real
// cursors, honours Idempotency-Key, and can inject faults (error statuses,
// delays, dropped connections) so that retry and error handling can be
// tested without the network.
//
// Start one per test; each has its own state and port:
//
//	func TestOnboarding(t *testing.T) {
//		srv := avaratest.NewServer(avaratest.WithSeedCount(3))
//		t.Cleanup(srv.Close)
//		client := srv.Client() // an *avara.Client pointed at srv with srv.APIKey
//
//		c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "Clinic"})
//		require.NoError(t, err)
//
//		got, ok := srv.Customer(c.ExpressCustomerID) // assert on the fake's state
//		require.True(t, ok)
//		require.Equal(t, "Clinic", got.Name)
//	}
//
// To test retries, queue faults before the call:
//
//	srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express", Status: 503, RetryAfter: "0", Times: 2})
//
// and check what the server saw with srv.Requests(), whose Authorization
// headers are redacted.
//
// # Wire behaviour
//
// Every request is checked against openapi.yml before the fake acts on it:
// the rules (types, lengths, patterns, ranges, counts, nullability,
// allowed and required fields, one value per parameter) are generated from
// the document into rules.go, so the fake refuses what the API refuses.
// Every answer is JSON with an X-Request-Id header. Successes are 200 (also
// for create). Errors have the body
// {"error":{"type":"...","message":"<field>: <rule>","param":"<field>"}}:
// 400 for input the spec forbids (an unknown body field, a malformed id, a
// parameter given twice, a body where the operation takes none, an empty
// body where it needs one), 401 for a missing or wrong key, 404 for an
// unknown customer or route, 405 for a wrong method, 409 when a
// deactivated customer is given a user or an Idempotency-Key is reused for
// a different request, 404 when removing a user who is not a member, 413
// for bodies over 1 MiB, and 415 for a body not sent as application/json.
// Business conflicts (those 409s and the membership 404) carry
// "x-should-retry: false".
//
// Idempotency keys and x-should-retry are the fake's, not the real API's:
// the official documentation describes neither. The fake implements them
// as an API with idempotency keys would, so that the SDK's side of them (one
// key per call, the same request on every attempt, no retry of a declared
// business conflict) can be tested; a test that passes only because the
// fake answers a retried write from its key does not prove the real API
// would.
//
// Adding a user who is already a member succeeds. A customer with no
// metadata has no "metadata" field (the official types declare it optional,
// not nullable); setting {} or null clears it. A field of
// the customer schema that the fake has no rule of its own for (one added
// to openapi.yml since) is stored as a create or update gives it, and
// answered with the customer.
//
// List cursors are opaque base64url strings naming the last customer of
// the page; the next page holds the customers strictly after it in
// (createdAt, creation order) order. New customers always sort last, so a
// walk sees every customer that existed when it started exactly once, even
// while others are being created. A cursor in the real API's documented
// form, the base64 of {"offset":N} such as an official client may hold, is
// accepted too: it starts the page at the N-th customer (from 0). limit is
// a whole number from 1 to 100, written 20 or 20.0 (as the official Python
// client sends it); 2.5 and 0 are refused.
//
// A POST, PATCH or DELETE with an Idempotency-Key is answered once and the
// answer stored: repeating the same method, path, query and body with that
// key returns the stored status and body (with "Idempotent-Replayed: true"),
// and a concurrent repeat waits for the first. Answers that never came from
// the fake's state, injected fault statuses and internal errors, are not
// stored, so a retry runs the operation; neither is the 400 or 415 of a
// request the rules refuse, which never reached the operation (Stripe's API
// behaves so too).
//
// cmd/avara-fake serves the same fake on a TCP address for other processes.
package avaratest
