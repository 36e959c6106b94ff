// FerretDB v1 with its SQLite handler, embedded: the MongoDB-protocol server of `npm run test:infra`.
// Usage: ferretdb -listen 127.0.0.1:PORT -data DIR [-log-level warn]. Stops on SIGTERM or SIGINT.
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	data := flag.String("data", "", "directory for the SQLite files (one per database)")
	level := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if *data == "" {
		log.Fatal("-data is required")
	}
	dir, err := filepath.Abs(*data)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		log.Fatalf("-log-level: %s", err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl})),
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/", // the SQLite handler wants a directory URI ending in a slash
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	go func() {
		// MongoDBURI waits until the listener is bound, so this line means "accepting connections".
		log.Printf("listening on %s (data %s)", f.MongoDBURI(), dir)
	}()
	if err := f.Run(ctx); err != nil {
		log.Fatal(err)
	}
}
