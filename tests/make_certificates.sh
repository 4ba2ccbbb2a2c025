#!/usr/bin/env bash
# Test certificates, made with openssl: a CA (ca.pem, ca.key), and a server
# and a client certificate it signed for 127.0.0.1 and localhost
# (server.pem/.key, client.pem/.key), valid two days. EC keys: quick.
#
#   tests/make_certificates.sh DIR
set -euo pipefail
cd "${1:?directory}"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj /CN=dossier-test-ca -keyout ca.key -out ca.pem 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >san.ext
for who in server client; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=dossier-$who" \
    -keyout "$who.key" -out "$who.csr" 2>/dev/null
  openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile san.ext -out "$who.pem" 2>/dev/null
done
