package avaratest

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestANewResourceIsASpecEdit adds a cursor-paginated resource with create,
// retrieve and list to a copy of openapi.yml, and serves it with no Go
// written for it: what an operation does is read from its shape.
func TestANewResourceIsASpecEdit(t *testing.T) {
	var doc map[string]any
	require.NoError(t, json.Unmarshal(openapiJSON, &doc))
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	answer := func(schema string) map[string]any {
		return map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{"schema": ref(schema)}}}}
	}
	schemas["Widget"] = map[string]any{
		"type": "object", "required": []any{"widgetId", "name", "createdAt", "isShiny"},
		"properties": map[string]any{
			"widgetId":  map[string]any{"type": "string", "pattern": "^wid_[0-9a-f]{32}$"},
			"name":      map[string]any{"type": "string"},
			"isShiny":   map[string]any{"type": "boolean"},
			"createdAt": map[string]any{"type": []any{"string", "null"}, "format": "date-time"},
		},
	}
	schemas["WidgetPage"] = map[string]any{
		"type": "object", "required": []any{"widgets", "hasMore"},
		"properties": map[string]any{
			"widgets": map[string]any{"type": "array", "items": ref("Widget")},
			"hasMore": map[string]any{"type": "boolean"},
			"cursor":  map[string]any{"type": []any{"string", "null"}},
		},
	}
	schemas["WidgetCreateBody"] = map[string]any{
		"type": "object", "additionalProperties": false, "required": []any{"name"},
		"properties": map[string]any{"name": map[string]any{"type": "string", "minLength": 1}},
	}
	paths := doc["paths"].(map[string]any)
	paths["/v1/widgets"] = map[string]any{
		"post": map[string]any{"operationId": "widgetsCreate", "responses": answer("Widget"),
			"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref("WidgetCreateBody")}}}},
		"get": map[string]any{"operationId": "widgetsList", "responses": answer("WidgetPage"),
			"parameters": []any{map[string]any{"$ref": "#/components/parameters/Cursor"}, map[string]any{"$ref": "#/components/parameters/Limit"}}},
	}
	paths["/v1/widgets/{widgetId}"] = map[string]any{
		"get": map[string]any{"operationId": "widgetsRetrieve", "responses": answer("Widget"),
			"parameters": []any{map[string]any{"name": "widgetId", "in": "path", "required": true,
				"schema": map[string]any{"type": "string", "pattern": "^wid_[0-9a-f]{32}$"}}}},
	}
	scratch, err := json.Marshal(doc)
	require.NoError(t, err)

	spec()
	real := api
	api = mustCompile(scratch)
	t.Cleanup(func() { api = real })
	srv := newTestServer(t)

	var ids []string
	for _, name := range []string{"a", "b", "c"} {
		w := call(t, srv, "POST", "/v1/widgets", map[string]string{"name": name})
		assert.Regexp(t, `^wid_[0-9a-f]{32}$`, w["widgetId"])
		assert.Equal(t, false, w["isShiny"], "a required field with no value gets a plausible one")
		ids = append(ids, w["widgetId"].(string))
	}
	assert.Equal(t, "b", call(t, srv, "GET", "/v1/widgets/"+ids[1], nil)["name"])

	page := call(t, srv, "GET", "/v1/widgets?limit=2", nil)
	require.Len(t, page["widgets"], 2)
	require.Equal(t, true, page["hasMore"])
	page = call(t, srv, "GET", "/v1/widgets?limit=2&cursor="+url.QueryEscape(page["cursor"].(string)), nil)
	require.Len(t, page["widgets"], 1)
	assert.Equal(t, ids[2], page["widgets"].([]any)[0].(map[string]any)["widgetId"])
	assert.Equal(t, false, page["hasMore"])

	res := do(t, srv, req{method: "POST", path: "/v1/widgets", body: map[string]string{"name": ""}})
	assert.Equal(t, 400, res.status, "the new body's rules hold")
	assert.Equal(t, 404, do(t, srv, req{method: "GET", path: "/v1/widgets/" + hexID("wid_", 1)}).status)
}
