package contracttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedListExample is the JSON example of the API reference's "List customers
// with pagination" page (shared/seeds/), copied byte for byte.
const seedListExample = `{
  "expressCustomers": [
    {
      "createdAt": "2024-01-15T09:00:00Z",
      "expressCustomerId": "cus_1234567890abcdef1234567890abcdef",
      "expressCustomerName": "City Medical Center - Radiology Department",
      "isActive": true,
      "updatedAt": "2024-03-15T14:20:00Z",
      "userCount": 15,
      "createdByApiKeyId": "550e8400-e29b-41d4-a716-446655440000",
      "createdByUserId": "usr_1234567890abcdef1234567890abcdef",
      "metadata": {
        "department": "radiology",
        "region": "northeast"
      }
    }
  ],
  "hasMore": true,
  "cursor": "cursor"
}`

const (
	cusID = "cus_1234567890abcdef1234567890abcdef"
	usrID = "usr_1234567890abcdef1234567890abcdef"
)

func loadSpec(t *testing.T) *Spec {
	t.Helper()
	spec, err := LoadSpec()
	require.NoError(t, err)
	return spec
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v), "test JSON: %s", s)
	return v
}

func TestSpecLoadsAndValidates(t *testing.T) {
	spec := loadSpec(t)
	assert.True(t, spec.Doc.IsOpenAPI31OrLater(), "openapi.yml is written as OpenAPI 3.1 (propertyNames, type arrays)")
	require.NotNil(t, spec.Doc.Components.SecuritySchemes["bearerAuth"])
	scheme := spec.Doc.Components.SecuritySchemes["bearerAuth"].Value
	assert.Equal(t, "http", scheme.Type)
	assert.Equal(t, "bearer", scheme.Scheme)
	require.Len(t, spec.Doc.Security, 1)
	assert.Contains(t, spec.Doc.Security[0], "bearerAuth")
}

// Every endpoint of the official SDKs (63), each documenting its one
// success and the error body; the seed's Express endpoints by name.
func TestSpecHasEveryOperation(t *testing.T) {
	spec := loadSpec(t)
	express := []string{
		"DELETE /v1/express/{expressCustomerId}/users expressUsersRemove",
		"GET /v1/express expressList",
		"GET /v1/express/{expressCustomerId} expressRetrieve",
		"PATCH /v1/express/{expressCustomerId} expressUpdate",
		"POST /v1/express expressCreate",
		"POST /v1/express/{expressCustomerId}/deactivate expressDeactivate",
		"POST /v1/express/{expressCustomerId}/reactivate expressReactivate",
		"POST /v1/express/{expressCustomerId}/users expressUsersAdd",
	}
	var got []string
	ids := map[string]bool{}
	for path, item := range spec.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			if strings.HasPrefix(path, "/v1/express") {
				got = append(got, fmt.Sprintf("%s %s %s", method, path, op.OperationID))
			}
			assert.False(t, ids[op.OperationID], "operationId %s is used twice", op.OperationID)
			ids[op.OperationID] = true
			var successes int
			for code := range op.Responses.Map() {
				if strings.HasPrefix(code, "2") {
					successes++
				}
			}
			assert.Equal(t, 1, successes, "%s %s has one success response", method, path)
			assert.NotNil(t, op.Responses.Value("default"), "%s %s lacks the error response", method, path)
			assert.NotEmpty(t, op.Extensions["x-go-method"], "%s %s has no Go method name", method, path)
		}
	}
	assert.Len(t, ids, 63, "the official SDKs' 63 operations")
	sort.Strings(got)
	assert.Equal(t, express, got)
}

func TestSeedExampleValidatesAgainstPageSchema(t *testing.T) {
	spec := loadSpec(t)
	require.NoError(t, spec.ValidateJSON("ExpressCustomerPage", []byte(seedListExample)))

	// And it is the list operation's documented answer, which Steady serves.
	op := spec.Doc.Paths.Find("/v1/express").Get
	mt := op.Responses.Status(http.StatusOK).Value.Content.Get("application/json")
	require.NotNil(t, mt)
	assert.Equal(t, decode(t, seedListExample), mt.Example)

	// Its customer is the example of every operation that answers one.
	customer := decode(t, seedListExample).(map[string]any)["expressCustomers"].([]any)[0]
	require.NoError(t, spec.ValidateValue(spec.Schema("ExpressCustomer"), customer))
	assert.Equal(t, customer, spec.Doc.Components.Examples["ExpressCustomer"].Value.Value)
}

// Every example in the document (request bodies, responses, parameters)
// validates against its schema: they are what Steady answers with, where
// an operation has them (Steady makes up the others from the schemas).
func TestEveryExampleValidates(t *testing.T) {
	spec := loadSpec(t)
	checkMedia := func(where string, mt *openapi3.MediaType) {
		if mt == nil || mt.Schema == nil {
			return
		}
		if mt.Example != nil {
			assert.NoError(t, spec.ValidateValue(mt.Schema.Value, mt.Example), "%s: example", where)
		}
		for name, ex := range mt.Examples {
			assert.NoError(t, spec.ValidateValue(mt.Schema.Value, ex.Value.Value), "%s: example %s", where, name)
		}
	}
	for path, item := range spec.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody != nil {
				checkMedia(method+" "+path+" request", op.RequestBody.Value.Content.Get("application/json"))
			}
			for code, resp := range op.Responses.Map() {
				checkMedia(fmt.Sprintf("%s %s %s", method, path, code), resp.Value.Content.Get("application/json"))
			}
			for _, p := range append(op.Parameters, item.Parameters...) {
				if p.Value.Example != nil {
					assert.NoError(t, spec.ValidateValue(p.Value.Schema.Value, p.Value.Example), "%s %s parameter %s", method, path, p.Value.Name)
				}
			}
		}
	}
	for name, s := range spec.Doc.Components.Schemas {
		if s.Value.Example != nil {
			assert.NoError(t, spec.ValidateValue(s.Value, s.Value.Example), "schema %s example", name)
		}
	}
}

// The request schemas accept what the API accepts and refuse what it
// refuses; a wrong schema would let a broken SDK request through Steady.
func TestRequestSchemas(t *testing.T) {
	spec := loadSpec(t)
	metadata := func(n int) string {
		pairs := make([]string, n)
		for i := range pairs {
			pairs[i] = fmt.Sprintf(`"k%d":"v"`, i)
		}
		return "{" + strings.Join(pairs, ",") + "}"
	}
	longKey := strings.Repeat("k", 100)
	longValue := strings.Repeat("v", 1000)
	cases := []struct {
		schema, body string
		ok           bool
	}{
		{"ExpressCreateBody", `{"expressCustomerName":"City Medical Center"}`, true},
		{"ExpressCreateBody", `{"expressCustomerName":"A","metadata":{"region":"ne"}}`, true},
		{"ExpressCreateBody", `{"expressCustomerName":"A","metadata":` + metadata(50) + `}`, true},
		{"ExpressCreateBody", `{"expressCustomerName":"A","metadata":` + metadata(51) + `}`, false},
		{"ExpressCreateBody", `{"expressCustomerName":"A","metadata":{"` + longKey + `":"` + longValue + `"}}`, true},
		{"ExpressCreateBody", `{"expressCustomerName":"A","metadata":{"` + longKey + `k":"v"}}`, false},
		{"ExpressCreateBody", `{"expressCustomerName":"A","metadata":{"k":"` + longValue + `v"}}`, false},
		{"ExpressCreateBody", `{"expressCustomerName":"A","metadata":{"k":1}}`, false},
		{"ExpressCreateBody", `{"expressCustomerName":"A","metadata":null}`, false},
		{"ExpressCreateBody", `{"express_customer_name":"A"}`, false},
		{"ExpressCreateBody", `{"expressCustomerName":"A","extra":1}`, false},
		{"ExpressCreateBody", `{"expressCustomerName":""}`, false},
		{"ExpressCreateBody", `{"expressCustomerName":null}`, false},
		{"ExpressCreateBody", `{}`, false},
		{"ExpressUpdateBody", `{}`, true},
		{"ExpressUpdateBody", `{"expressCustomerName":"New name"}`, true},
		{"ExpressUpdateBody", `{"metadata":null}`, true},
		{"ExpressUpdateBody", `{"metadata":{"a":"b"}}`, true},
		{"ExpressUpdateBody", `{"metadata":` + metadata(51) + `}`, false},
		{"ExpressUpdateBody", `{"expressCustomerName":""}`, false},
		{"ExpressUpdateBody", `{"expressCustomerName":null}`, false},
		{"ExpressUpdateBody", `{"express_customer_name":"x"}`, false},
		{"ExpressUsersAddBody", `{"userId":"` + usrID + `"}`, true},
		{"ExpressUsersAddBody", `{"user_id":"` + usrID + `"}`, false},
		{"ExpressUsersAddBody", `{"userId":"usr_123"}`, false},
		{"ExpressUsersAddBody", `{"userId":"USR_1234567890ABCDEF1234567890ABCDEF"}`, false},
		{"ExpressUsersAddBody", `{"userId":"` + cusID + `"}`, false},
		{"ExpressUsersAddBody", `{}`, false},
	}
	for _, c := range cases {
		name := c.schema + " " + c.body
		if len(name) > 100 {
			name = name[:100]
		}
		t.Run(name, func(t *testing.T) {
			err := spec.ValidateJSON(c.schema, []byte(c.body))
			if c.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestResponseSchemas(t *testing.T) {
	spec := loadSpec(t)
	// The official types: createdAt and updatedAt are required and
	// nullable; the creator fields and metadata are optional, not nullable.
	minimal := `{"expressCustomerId":"` + cusID + `","expressCustomerName":"A","isActive":true,"userCount":0,"createdAt":null,"updatedAt":null}`
	with := func(field string) string { return strings.TrimSuffix(minimal, "}") + "," + field + "}" }
	cases := []struct {
		schema, body string
		ok           bool
	}{
		{"ExpressCustomer", minimal, true},
		{"ExpressCustomer", `{"expressCustomerId":"` + cusID + `","expressCustomerName":"A","isActive":true,"userCount":0}`, false},
		{"ExpressCustomer", with(`"metadata":null`), false},
		{"ExpressCustomer", with(`"createdByUserId":null`), false},
		{"ExpressCustomer", with(`"createdByApiKeyId":null`), false},
		{"ExpressCustomer", strings.Replace(minimal, `"createdAt":null`, `"createdAt":"2024-01-15T09:00:00.123456789+02:00"`, 1), true},
		{"ExpressCustomer", with(`"someFutureField":{"x":1}`), true},
		{"ExpressCustomer", strings.Replace(minimal, `"createdAt":null`, `"createdAt":"yesterday"`, 1), false},
		{"ExpressCustomer", with(`"createdByApiKeyId":"not-a-uuid"`), false},
		{"ExpressCustomer", with(`"createdByUserId":"bob"`), false},
		{"ExpressCustomer", `{"expressCustomerId":"cus_1","expressCustomerName":"A","isActive":true,"userCount":0}`, false},
		{"ExpressCustomer", `{"expressCustomerId":"` + cusID + `","expressCustomerName":"A","isActive":true,"userCount":-1}`, false},
		{"ExpressCustomer", `{"expressCustomerId":"` + cusID + `","expressCustomerName":"A","isActive":true}`, false},
		{"ExpressCustomer", `{"express_customer_id":"` + cusID + `","expressCustomerName":"A","isActive":true,"userCount":0}`, false},
		{"ExpressCustomerPage", `{"expressCustomers":[],"hasMore":false,"cursor":null}`, true},
		{"ExpressCustomerPage", `{"expressCustomers":[],"hasMore":false}`, true},
		{"ExpressCustomerPage", `{"expressCustomers":[` + minimal + `],"hasMore":true,"cursor":"abc"}`, true},
		{"ExpressCustomerPage", `{"expressCustomers":[],"cursor":"abc"}`, true}, // hasMore is optional in the official page types
		{"ExpressCustomerPage", `{"hasMore":false}`, false},
		{"ExpressCustomerPage", `{"data":[],"hasMore":false}`, false},
		{"SuccessResponse", `{"success":true}`, true},
		{"SuccessResponse", `{"success":true,"message":"User added"}`, true},
		{"SuccessResponse", `{"message":"User added"}`, false},
		{"Error", `{"error":{"type":"invalid_request_error","message":"bad","param":"userId"}}`, true},
		{"Error", `{"error":{"type":"not_found_error","message":"no such customer"}}`, true},
		{"Error", `{"message":"bad"}`, false},
	}
	for _, c := range cases {
		t.Run(c.schema+" "+c.body, func(t *testing.T) {
			err := spec.ValidateJSON(c.schema, []byte(c.body))
			if c.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

// The parameters: limit 1-100, ids by pattern, checked through a request.
func TestParameters(t *testing.T) {
	spec := loadSpec(t)
	cases := []struct {
		method, url string
		ok          bool
	}{
		{"GET", "/v1/express", true},
		{"GET", "/v1/express?limit=1", true},
		{"GET", "/v1/express?limit=100&cursor=abc", true},
		{"GET", "/v1/express?limit=0", false},
		{"GET", "/v1/express?limit=101", false},
		{"GET", "/v1/express?limit=1.5", false},
		{"GET", "/v1/express?limit=ten", false},
		{"GET", "/v1/express/" + cusID, true},
		{"GET", "/v1/express/cus_123", false},
		{"GET", "/v1/express/" + usrID, false},
		{"POST", "/v1/express/" + cusID + "/deactivate", true},
		{"POST", "/v1/express/cus_x/reactivate", false},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.url, func(t *testing.T) {
			req, err := http.NewRequest(c.method, "http://127.0.0.1"+c.url, nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer test")
			err = spec.ValidateRequest(t.Context(), req, nil)
			if c.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}

	// deactivate takes no body.
	req, err := http.NewRequest("POST", "http://127.0.0.1/v1/express/"+cusID+"/deactivate", strings.NewReader("{}"))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer test")
	req.Header.Set("Content-Type", "application/json")
	assert.Error(t, spec.ValidateRequest(t.Context(), req, []byte("{}")))

	// A body that breaks the schema, through the whole request.
	req, err = http.NewRequest("POST", "http://127.0.0.1/v1/express", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer test")
	req.Header.Set("Content-Type", "application/json")
	assert.NoError(t, spec.ValidateRequest(t.Context(), req, []byte(`{"expressCustomerName":"A"}`)))
	assert.Error(t, spec.ValidateRequest(t.Context(), req, []byte(`{"express_customer_name":"A"}`)))

	// No bearer token, no request.
	req, err = http.NewRequest("GET", "http://127.0.0.1/v1/express", nil)
	require.NoError(t, err)
	assert.Error(t, spec.ValidateRequest(t.Context(), req, nil))
}
