#!/bin/bash
# Makes the internal TLS of the compose stack once: a CA and one certificate per server (kafka, kurrentdb), with
# keytool only (it ships in the Kafka image). The servers read their PKCS #12 store, the services the CA (ca.crt).
# Run by the `certs` service; a volume that already holds them is left alone (delete it to renew).
set -euo pipefail
out=${CERTS_DIR:-/certs}
pass=$(cat "${TLS_STORE_PASSWORD_FILE:-/run/secrets/tls_store_password}")
[[ -s $out/ca/ca.crt && -s $out/kafka/kafka.p12 && -s $out/kurrentdb/kurrentdb.p12 ]] && exit 0
mkdir -p "$out/ca" "$out/kafka" "$out/kurrentdb"
work=$(mktemp -d)
kt() { keytool -storetype PKCS12 -storepass "$pass" -keypass "$pass" "$@"; }
kt -genkeypair -keystore "$work/ca.p12" -alias ca -dname 'CN=grid-governance internal CA' -keyalg RSA -keysize 3072 -validity 3650 -ext bc:c
kt -exportcert -keystore "$work/ca.p12" -alias ca -rfc -file "$out/ca/ca.crt"
for server in kafka kurrentdb; do
  store=$out/$server/$server.p12
  kt -genkeypair -keystore "$store" -alias "$server" -dname "CN=$server" -keyalg RSA -keysize 3072 -validity 825
  kt -certreq -keystore "$store" -alias "$server" -file "$work/$server.csr"
  kt -gencert -keystore "$work/ca.p12" -alias ca -infile "$work/$server.csr" -outfile "$work/$server.crt" -rfc -validity 825 \
    -ext "SAN=dns:$server,dns:localhost" -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth,clientAuth
  kt -importcert -keystore "$store" -alias ca -file "$out/ca/ca.crt" -noprompt
  kt -importcert -keystore "$store" -alias "$server" -file "$work/$server.crt"
done
# The servers run as their images' own users: they read, nobody writes.
chmod -R a+rX,go-w "$out"
rm -rf "$work"
