package respjson_test

import (
	"encoding/json"
	"fmt"
	"log"

	avara "github.com/avara/avara-go"
)

// Go's zero values cannot tell a field the server left out from one it
// sent as null, or from one whose value did not fit its Go type: each
// decodes to "". The JSON metadata beside every response field can.
func ExampleField() {
	// As decoded from an answer: createdByUserId is null, createdByApiKeyId
	// is missing, userCount is a string where a number belongs, and
	// "region" is a field this SDK version does not know.
	body := `{
		"expressCustomerId": "cus_1234567890abcdef1234567890abcdef",
		"expressCustomerName": "City Medical Center",
		"isActive": true,
		"createdByUserId": null,
		"userCount": "three",
		"region": "northeast"
	}`
	var c avara.ExpressCustomer
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		log.Fatal(err) // a field of the wrong type does not fail the decode
	}

	fmt.Printf("name:              %q %v\n", c.ExpressCustomerName, c.JSON.ExpressCustomerName)
	fmt.Printf("createdByUserId:   %q %v\n", c.CreatedByUserID, c.JSON.CreatedByUserID)
	fmt.Printf("createdByApiKeyId: %q %v\n", c.CreatedByAPIKeyID, c.JSON.CreatedByAPIKeyID)
	fmt.Printf("userCount:         %d %v\n", c.UserCount, c.JSON.UserCount)
	fmt.Println("region:           ", c.JSON.ExtraFields["region"].Raw())

	switch f := c.JSON.UserCount; {
	case !f.IsPresent():
		fmt.Println("the server sent no userCount")
	case f.IsNull():
		fmt.Println("the server has no userCount")
	case f.IsInvalid():
		fmt.Println("the server sent a userCount this SDK cannot read:", f.Raw())
	default:
		fmt.Println("users:", c.UserCount)
	}
	// Output:
	// name:              "City Medical Center" valid "City Medical Center"
	// createdByUserId:   "" null
	// createdByApiKeyId: "" missing
	// userCount:         0 invalid "three"
	// region:            "northeast"
	// the server sent a userCount this SDK cannot read: "three"
}
