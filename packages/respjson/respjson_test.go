package respjson_test

import (
	"encoding/json"
	"testing"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/packages/respjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestField checks each state a field can be received in, through a real
// response type, as callers see them.
func TestField(t *testing.T) {
	var c avara.ExpressCustomer
	require.NoError(t, json.Unmarshal([]byte(`{"expressCustomerName":"x","createdAt":null,"userCount":"5"}`), &c))
	tests := []struct {
		name                          string
		field                         respjson.Field
		valid, present, null, invalid bool
		raw, str                      string
	}{
		{"a field left out is missing", c.JSON.IsActive, false, false, false, false, "", "missing"},
		{"a null field is present and null", c.JSON.CreatedAt, false, true, true, false, "null", "null"},
		{"a decoded field is valid and keeps its raw JSON", c.JSON.ExpressCustomerName, true, true, false, false, `"x"`, `valid "x"`},
		{"a wrong-typed field is present, invalid and keeps its raw JSON", c.JSON.UserCount, false, true, false, true, `"5"`, `invalid "5"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.valid, tt.field.Valid(), "Valid")
			assert.Equal(t, tt.present, tt.field.IsPresent(), "IsPresent")
			assert.Equal(t, tt.null, tt.field.IsNull(), "IsNull")
			assert.Equal(t, tt.invalid, tt.field.IsInvalid(), "IsInvalid")
			assert.Equal(t, tt.raw, tt.field.Raw())
			assert.Equal(t, tt.str, tt.field.String())
		})
	}
}
