// Package avaratest provides a fake Avara API server for tests: in-process,
// stateful and strict. It serves every operation of the Avara API (Express,
// AutoScribe and Viewer), keeps what you create, enforces the API's
// validation rules and status codes, pages with real cursors, honours
// Idempotency-Key, and can inject faults (error statuses, delays, dropped
// connections) so that retry and error handling can be tested without the
// network.
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
// Every resource can be inspected the same way: srv.Objects("AutoScribeStudy")
// and srv.Object("ViewerUser", id) return an object's fields, and
// srv.AddObject (or the option WithObjects) puts in objects no request can
// make, such as a signed Report.
//
// To test retries, queue faults before the call:
//
//	srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express", Status: 503, RetryAfter: "0", Times: 2})
//
// aim them at one request of several with Query and Skip, end the test
// with srv.RequireFaultsFired(t) so that a fault that missed its request
// fails it, and check what the server saw with srv.Requests(), whose
// Authorization headers are redacted.
//
// # Where the fake's behaviour comes from
//
// The fake reads openapi.yml, the Go SDK's description of the whole API,
// embedded in the package. From it come the routes, the request rules
// (types, lengths, patterns, ranges, enums, item and pair counts,
// nullability, allowed and required fields, one value per parameter), the
// resources (each schema whose objects have an id of the form xxx_ and 32
// hex characters: ExpressCustomer, AutoScribeStudy, ClinicalReference…;
// see Server.Resources), and the shape of every answer. Create, retrieve,
// list, update and delete are read from the operations themselves (method,
// path parameters, the schema answered); everything else the API does is
// written next to its operation in openapi.yml under the key x-avaratest,
// in a small vocabulary:
//
//   - action: what the operation does when its shape does not say: set
//     (find an object, change fields), delete, addMember and removeMember
//     (a set the object keeps, such as an Express customer's users, with
//     count naming the field that counts it), children (a parent's objects,
//     such as a study's reports; single names the parameter that asks for
//     one), answer (answer only).
//   - resource, find: the resource acted on, and the body or query fields
//     that name the object (any one will do; all given must match it).
//   - set, setIf: fields an operation writes, always or when its when
//     conditions hold ("$present", or a value). Values may be $now,
//     $in7Days, $apiKeyId, $apiKey, $clinicId, $ownerUserId, or strings
//     with {field} taken from the object.
//   - requires, conflict: the state the object must be in, else a 409
//     with that message; parent: the same for the object's parent, named
//     by its link field.
//   - also: another object a create makes from the same fields (an invite
//     makes a user and an invitation).
//   - keepListed: a deleted object still shows in lists, filtered as
//     documented.
//   - hook: Go code for what the vocabulary cannot say (external reports).
//   - On schemas: resource (this schema is a view of another resource),
//     unique (field groups no two live objects share: 409), mask (values an
//     object reads as while a condition holds), requiredIf (a field that
//     another's value makes required: 400).
//   - On properties: ref (the object another resource's id names, answered
//     as it is now), from (the stored field a property is read from), field
//     (one field of the referenced object), present (true when a field is
//     set), exists (a body field must name an existing object: 404).
//   - On query parameters: match (contains, expired, since, until), field,
//     default. Other parameters filter by equality; an array parameter
//     (a,b) by any of its values; null matches objects without the field.
//   - On the document: headers, the request headers checked on every
//     operation (Idempotency-Key on writes, X-Stainless-Retry-Count).
//
// # Answers
//
// Every answer is JSON with an X-Request-Id header. Successes are 200
// (also for create). An answer holds the object's fields that its schema
// names; a required field with no value is null where the schema allows,
// else a plausible value made once when the object is made (an enum's
// first value, a minted id); an optional field with no value is left out.
// Timestamps come from the fake's clock (WithClock). References are
// answered as the referenced object is now: a study's assignedTo is the
// user's current name and email.
//
// Errors have the body
// {"error":{"type":"...","message":"<field>: <rule>","param":"<field>"}}:
// 400 for input the spec forbids (an unknown body field, a malformed id, a
// parameter given twice, a body where the operation takes none, an empty
// body where it needs one), 401 for a missing or wrong key, 404 for an
// unknown object or route, 405 for a wrong method, 409 for a state the
// operation cannot act on (a deactivated customer given a user, a study
// that is not cancelled uncancelled, an invitation no longer pending, a
// unique field taken) or an Idempotency-Key reused for a different
// request, 404 when removing a user who is not a member, 413 for bodies
// over 1 MiB, and 415 for a body not sent as application/json. Business
// conflicts (those 409s and the membership 404) carry
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
// # State changes
//
// The changes the official descriptions document happen: Express
// deactivate and reactivate flip isActive (idempotently), Users.Add and
// Users.Remove change userCount, and a deactivated customer refuses new
// users; a cancelled study reads isCancelled with cancelledAt, and
// uncancel (only of a cancelled study) restores it; revoke-access makes a
// user's permissions (canCreateReports, canManageStudies,
// hasDashboardAccess) read false, as the user can no longer log in, create
// reports or access studies, and reactivate restores what they were (the
// user schema has no status field; Object shows accessRevoked); an invite
// makes the user and a pending invitation ("sent", expiring in 7 days);
// a revoked invitation reads "revoked" and can be neither revoked nor
// updated again; a deleted clinical reference is inactive with its name
// suffixed, answers 404 from then on and frees its name and external id,
// and is listed only with isActive=false; an addendum needs a completed
// report and makes its study addendum_active, cancel-addendum makes it
// completed again; an external study keeps its report as an
// ExternalReport, whose text and file are write-once; a deleted external
// study answers 404, and uncancel cannot bring it back. A study's
// studyReportStatus is unassigned until a user is assigned, then assigned.
//
// Where the documentation does not say what a call changes, the fake
// changes nothing and answers a schema-valid value: reroute-url,
// viewer-only-reroute-url and the ephemeral sessions answer a unique URL
// on the fake's own host (not one that serves anything), after checking
// that the study and user they name exist; pdf and text answer the
// reports the fake holds, with a made-up presigned URL. Reports are only
// ever made by radiologists in the product, so the fake holds those a test
// adds (Server.AddObject).
//
// A customer with no metadata has no "metadata" field (the official types
// declare it optional, not nullable); setting {} or null clears it, and so
// for every free-keyed map. A PATCH merges an object of declared fields
// (reportMetadata) one level deep, null clearing a field, and replaces
// maps and arrays whole.
//
// # Lists
//
// Lists are oldest first. Cursors are the base64 of
// {"offset":N,"after":"<id>"}: the real API's documented form (an official
// client may hold "eyJvZmZzZXQiOjIwfQ==", the base64 of {"offset":20},
// which starts the page at the 21st object), with the id of the page's
// last object added. The next page holds the objects strictly after that
// one, and new objects always sort last, so a walk sees every object that
// existed when it started exactly once, even while others are being
// created. A cursor naming no object of the list is refused. The API's
// keyset form, {"createdAt":"<RFC 3339 time>"} (documented for clinical
// references), is taken too: its page starts after the objects created at
// or before that time. limit is a
// whole number from 1 to 100, written 20 or 20.0 (as the official Python
// client sends it); 2.5 and 0 are refused.
//
// # Idempotency
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
// # Webhooks
//
// Server.WebhookKey is the key the fake signs the webhooks it sends with.
//
// cmd/avara-fake serves the same fake on a TCP address for other
// processes, with flags for faults and chaos.
package avaratest
