// Command go-api serves the shared triad API on Go's net/http.
package main

import (
	"context"
	"errors"
	"os"

	"example.com/triad/go-api/internal/config"
	"example.com/triad/go-api/internal/server"
)

func main() {
	err := server.Run(context.Background(), os.Args, os.Getenv, os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, config.ErrInvalid), errors.Is(err, server.ErrUsage):
		os.Exit(2)
	default:
		os.Exit(1)
	}
}
