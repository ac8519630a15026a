module github.com/avara/avara-go

go 1.24

toolchain go1.26.10

require (
	github.com/google/go-querystring v1.2.0
	github.com/stretchr/testify v1.12.1
	github.com/tidwall/gjson v1.20.1
)

require (
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
