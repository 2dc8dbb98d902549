#!/usr/bin/env bash
# Installs every Debian 12 package mynasim needs to build, test and run. Idempotent.
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail
packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev libfuzzer-14-dev python3
  ccache
  # the card (firmware): mbedTLS only
  libmbedtls-dev
  # host side
  libssl-dev openssl libcli11-dev nlohmann-json3-dev libfmt-dev libsqlite3-dev libcpp-httplib-dev
  # the servers (portal, OCSP, and later ones): Boost.Beast/Asio, header-only
  libboost-dev
  # the card-info issuer: card-face images (Cairo/Pango, a Japanese font, PNG, JPEG 2000, JPEG)
  libcairo2-dev libpango1.0-dev fonts-ipafont-gothic libpng-dev libopenjp2-7-dev libjpeg-dev
  # PC/SC stack and the peers the integration tests use
  pcscd libpcsclite-dev opensc opensc-pkcs11 pcsc-tools python3-pyscard util-linux iproute2
  # vsmartcard's vpcd, for the vpcd transport's test
  vsmartcard-vpcd
  # other people's PKCS#11 users, for tests/integration/peers: ssh/sshd, OpenSSL's pkcs11 engine,
  # NSS's modutil/certutil, GnuTLS's p11tool (pcsc-spy comes with libpcsclite-dev). The tests run
  # their own sshd; with systemd, installing openssh-server also enables the system's.
  openssh-client openssh-server libengine-pkcs11-openssl libnss3-tools gnutls-bin
  # PDF signatures (pki/pdf): PoDoFo writes incremental updates; poppler's pdfsig and qpdf check
  # what we write (tests/integration/signing/pdf_sign_test.sh)
  libpodofo-dev poppler-utils qpdf
  # tests
  catch2
  # card_info_test.sh decodes what mynatool surface writes
  file pngcheck libopenjp2-tools
  # mynaportal: QR codes; its browser test: Debian's chromium driven by playwright-core (npm), curl
  libqrencode-dev chromium curl
  # pki/pdfverify: qpdf parses the PDFs it verifies
  libqpdf-dev
  # mynaportal --db postgresql://...: libpq (PostgreSQL's C client); its tests and bench start a
  # private PostgreSQL 15 cluster (/usr/lib/postgresql/15/bin: initdb, pg_ctl, psql)
  libpq-dev postgresql-15 postgresql-client-15
  # mynatool native-host asks the PIN through GnuPG's pinentry (Assuan): a dialog for terminals
  # (desktops bring pinentry-gnome3 or -qt); the tests use a stand-in script
  pinentry-curses
  # the same login in Firefox (tests/browser/browsers.mjs drives it over WebDriver BiDi and
  # installs the unpacked extension with webExtension.install; bookworm-security has ESR 153)
  firefox-esr
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm for tests/browser, unless some node is installed already.
command -v node > /dev/null || missing+=(nodejs)
command -v npm > /dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  echo "installing: ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# playwright-core (chromium) and puppeteer-core (firefox) for the browser tests, exactly as locked
# (again only when the lock changed).
browser=$(cd "$(dirname "$0")/../tests/browser" && pwd)
if [ ! -d "$browser/node_modules/playwright-core" ] || [ ! -d "$browser/node_modules/puppeteer-core" ] ||
  [ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
# openid-client for the sample relying party (examples/relying-party), exactly as locked.
rp=$(cd "$(dirname "$0")/../examples/relying-party" && pwd)
if [ ! -d "$rp/node_modules/openid-client" ] ||
  [ "$rp/package-lock.json" -nt "$rp/node_modules/.package-lock.json" ]; then
  (cd "$rp" && npm ci --no-audit --no-fund --loglevel=error)
fi
