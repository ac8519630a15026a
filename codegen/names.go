package main

import (
	"strings"
	"unicode"
)

// initialisms are the words Go writes in one case: expressCustomerId is
// ExpressCustomerID, createdByApiKeyId is CreatedByAPIKeyID. The list is
// Go's own (golint's commonInitialisms).
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true,
	"RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true,
	"TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true, "UUID": true,
	"URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true,
	"XSRF": true, "XSS": true,
	// The API's own: report PDFs, DICOM's SOP instances and AE titles,
	// medical record and NPI numbers.
	"PDF": true, "SOP": true, "AE": true, "MRN": true, "NPI": true, "DICOM": true,
}

// words splits a JSON name at case changes, digits and punctuation:
// "createdByApiKeyId" is created, By, Api, Key, Id.
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// goName is the exported Go name of a JSON name.
func goName(name string) string {
	var b strings.Builder
	for _, w := range words(name) {
		if up := strings.ToUpper(w); initialisms[up] {
			b.WriteString(up)
			continue
		}
		if stem := strings.ToUpper(strings.TrimSuffix(w, "s")); len(w) > 2 && strings.HasSuffix(w, "s") && initialisms[stem] {
			b.WriteString(stem + "s") // urls is URLs, ids is IDs
			continue
		}
		rs := []rune(w)
		b.WriteString(strings.ToUpper(string(rs[0])) + string(rs[1:]))
	}
	return b.String()
}

// argName is the Go name of a path parameter, as a function argument:
// expressCustomerId is expressCustomerID.
func argName(name string) string {
	ws := words(name)
	if len(ws) == 0 {
		return "_"
	}
	first := strings.ToLower(ws[0])
	rest := goName(strings.Join(ws[1:], "_"))
	return first + rest
}

// fieldDoc turns a description into a Go doc comment for name, as Go
// writes them: "The number of users" becomes "UserCount is the number of
// users", "Whether it is active" becomes "IsActive reports whether it is
// active", and any other wording is kept as written after "Name: ". goDoc,
// the document's x-go-doc, adds what holds in Go only.
func fieldDoc(name, description, goDoc string) string {
	d := strings.TrimSpace(description)
	var doc string
	switch {
	case d == "":
		doc = name + " has no description in the API reference"
	case hasWord(d, "Whether"):
		doc = name + " reports " + lowerFirst(d)
	case hasWord(d, "The"), hasWord(d, "A"), hasWord(d, "An"):
		doc = name + " is " + lowerFirst(d)
	default:
		doc = name + ": " + d
	}
	return sentences(doc, goDoc)
}

// methodDoc is an operation's doc comment: its description, which starts
// with a verb ("Creates a new customer"), after the method's name, then the
// route and any Go-only note.
func methodDoc(method, httpMethod, route, description, goDoc string) string {
	d := strings.TrimSpace(description)
	first, rest, _ := strings.Cut(d, ". ")
	doc := method + " " + lowerFirst(strings.TrimSuffix(first, ".")) + " (" + httpMethod + " " + route + ")."
	if rest != "" {
		doc += " " + rest
	}
	return sentences(doc, goDoc)
}

// typeDoc is a type's doc comment from its schema's description; a params
// type's name is plural ("ExpressNewParams are the fields of ...").
func typeDoc(name, description string) string {
	doc := fieldDoc(name, description, "")
	if strings.HasSuffix(name, "Params") {
		doc = strings.Replace(doc, name+" is ", name+" are ", 1)
	}
	return doc
}

func hasWord(s, w string) bool {
	return strings.HasPrefix(s, w+" ")
}

func lowerFirst(s string) string {
	rs := []rune(s)
	if len(rs) > 1 && unicode.IsUpper(rs[1]) {
		return s // an acronym, such as "UUID of ..."
	}
	return strings.ToLower(string(rs[:1])) + string(rs[1:])
}

// sentences joins doc texts into one paragraph, each ending with a period.
func sentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" {
			continue
		}
		if !strings.HasSuffix(p, ".") {
			p += "."
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}

// comment formats doc as a // comment wrapped at 76 columns, with prefix
// (a tab, for a field) before each line.
func comment(doc, prefix string) string {
	var b strings.Builder
	line := ""
	for _, w := range strings.Fields(doc) {
		if line != "" && len(line)+1+len(w) > 76 {
			b.WriteString(prefix + "// " + line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		b.WriteString(prefix + "// " + line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// fileName is the file of a service: Express.Users is express_users.go.
func fileName(path string) string {
	var parts []string
	for _, p := range strings.Split(path, ".") {
		parts = append(parts, strings.ToLower(strings.Join(words(p), "_")))
	}
	return strings.Join(parts, "_") + ".go"
}
