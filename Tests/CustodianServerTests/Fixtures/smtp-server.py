#!/usr/bin/env python3
"""A real SMTP server for the messaging tests, on aiosmtpd (pip install aiosmtpd).

Listens on 127.0.0.1 on a free port and prints {"port": N} on its first line. Every message it
accepts is written to --dir as NNNNNN.eml (the DATA as received, dot-stuffing undone) beside
NNNNNN.json (envelope, TLS, authentication); the .eml appears last, so a reader that sees it
sees both. Recipients decide the answer: a local part starting with "reject" gets 550,
"tempfail-always" always 451, "tempfail" 451 the first time and 250 after. Exits when its
standard input closes or on SIGTERM.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.tries = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 Mailbox unavailable"
        if local.startswith("tempfail-always"):
            return "451 4.3.0 Try again later"
        if local.startswith("tempfail"):
            seen = self.tries.get(address, 0)
            self.tries[address] = seen + 1
            if seen == 0:
                return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.directory, "%06d" % self.count)
        meta = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "mailOptions": envelope.mail_options,
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        }
        with open(name + ".json", "w") as handle:
            json.dump(meta, handle)
        with open(name + ".tmp", "wb") as handle:
            handle.write(envelope.original_content)
        os.rename(name + ".tmp", name + ".eml")
        return "250 2.0.0 Message accepted"


class NoEhloSMTP(SMTP):
    """An old server: EHLO is not understood, only HELO."""

    async def smtp_EHLO(self, hostname):
        await self.push("502 5.5.1 Command not implemented")


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() and auth_data.password == password.encode():
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--require-tls", action="store_true")
    parser.add_argument("--auth", help="user:password; AUTH becomes required")
    parser.add_argument("--no-ehlo", action="store_true")
    args = parser.parse_args()

    handler = Handler(args.dir)
    context = None
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    options = dict(
        hostname="smtp.test", enable_SMTPUTF8=True, tls_context=context, require_starttls=args.require_tls,
        auth_require_tls=True,
    )
    if args.auth:
        user, password = args.auth.split(":", 1)
        options.update(authenticator=authenticator_for(user, password), auth_required=True)
    cls = NoEhloSMTP if args.no_ehlo else SMTP
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: cls(handler, **options), host="127.0.0.1", port=0)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.run_in_executor(None, lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stop.set)))
    await stop.wait()
    server.close()
    os._exit(0)


if __name__ == "__main__":
    asyncio.run(main())
