#!/usr/bin/env python3
"""Generate the Public Suffix List agreement set: host names with the registrable domain and public
suffix that libpsl (the C library curl and wget use) gives for them.

    apt-get install -y publicsuffix psl
    pip install idna==3.13
    python3 scripts/generate-psl-testset.py

Hosts come from the list itself (every rule as a host, with one and two labels added; every
wildcard with a label filled in; every exception) and from real-world host names (large sites,
hosting and cloud platforms, universities, governments, IDN hosts). libpsl reads the same file
(`psl --load-psl-file scripts/data/public_suffix_list.dat`), so the answers are the reference for
the built-in list. Writes Tests/CustodianCoreTests/Fixtures/psl-agreement.tsv: host, registrable
domain (`-` when the host is a public suffix), public suffix.
"""

import os
import subprocess

import idna

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, "scripts/data/public_suffix_list.dat")
OUT = os.path.join(ROOT, "Tests/CustodianCoreTests/Fixtures/psl-agreement.tsv")

REAL_WORLD = """
www.google.com mail.google.com maps.google.co.uk www.google.co.jp news.bbc.co.uk www.bbc.com en.wikipedia.org
upload.wikimedia.org www.amazon.com smile.amazon.co.uk images-na.ssl-images-amazon.com s3.amazonaws.com
my-bucket.s3.amazonaws.com my-bucket.s3.us-west-2.amazonaws.com ec2-1-2-3-4.compute-1.amazonaws.com
d111111abcdef8.cloudfront.net foo.elasticbeanstalk.com api.us-east-1.elasticbeanstalk.com
octocat.github.io github.io github.com raw.githubusercontent.com gist.github.com user.gitlab.io
myapp.herokuapp.com myapp.netlify.app mysite.vercel.app foo.pages.dev worker.workers.dev
example.blogspot.com example.blogspot.co.uk someone.wordpress.com shop.myshopify.com
storage.googleapis.com appspot.com myproject.appspot.com myproject.web.app myproject.firebaseapp.com
foo.azurewebsites.net foo.blob.core.windows.net foo.cloudapp.net login.microsoftonline.com
www.microsoft.com outlook.office365.com teams.microsoft.com www.apple.com icloud.com www.icloud.com
www.paypal.com paypal.me www.ebay.co.uk www.ebay.de www.facebook.com m.facebook.com fb.me
www.instagram.com twitter.com x.com t.co bit.ly goo.gl tinyurl.com www.youtube.com youtu.be
www.linkedin.com lnkd.in www.reddit.com old.reddit.com i.redd.it www.netflix.com www.spotify.com
open.spotify.com www.dropbox.com dl.dropboxusercontent.com docs.google.com drive.google.com
www.ox.ac.uk www.cam.ac.uk www.mit.edu cs.stanford.edu www.gov.uk www.nhs.uk www.service.gov.uk
www.usa.gov www.irs.gov www.canada.ca www.gc.ca www.gouv.fr www.bund.de www.admin.ch
www.bundesregierung.de www.sueddeutsche.de www.lemonde.fr www.elpais.es www.corriere.it
www.yahoo.co.jp www.rakuten.co.jp www.city.kawasaki.jp city.kawasaki.jp www.pref.kanagawa.jp
www.city.yokohama.jp foo.yokohama.jp www.ck foo.ck bar.foo.ck www.kawasaki.jp
www.baidu.com www.qq.com www.taobao.com www.tmall.com www.gov.cn www.163.com www.sina.com.cn
www.naver.com www.daum.net www.gov.kr www.samsung.com www.samsung.co.kr
www.yandex.ru mail.ru vk.com www.gosuslugi.ru www.sberbank.ru
www.mercadolibre.com.ar www.mercadolivre.com.br www.globo.com g1.globo.com www.gov.br www.uol.com.br
www.abc.net.au www.gov.au www.anz.com.au www.nzherald.co.nz www.govt.nz
www.timesofindia.indiatimes.com www.gov.in www.irctc.co.in www.flipkart.com
www.news24.com www.gov.za www.takealot.com www.nation.africa www.jumia.com.ng
www.sch.uk foo.sch.uk bar.foo.sch.uk www.nic.ar www.nom.br foo.nom.br
a.b.c.d.e.f.example.com deep.sub.domain.example.co.uk localhost intranet.local printer.lan
example.unknowntld foo.bar.internal x.y.z example.com example.co.uk co.uk uk com
xn--mller-kva.de www.xn--mller-kva.de xn--fiqs8s xn--55qx5d.cn www.xn--85x722f.xn--55qx5d.cn
xn--80ak6aa92e.com xn--e1afmkfd.xn--p1ai www.xn--e1afmkfd.xn--p1ai xn--p1ai
xn--wgbh1c xn--mgbaam7a8h xn--mgberp4a5d4ar foo.xn--mgberp4a5d4ar
cdn.jsdelivr.net unpkg.com fonts.gstatic.com ajax.googleapis.com code.jquery.com
s.yimg.com static.xx.fbcdn.net pbs.twimg.com i.ytimg.com
foo.dyndns.org foo.no-ip.org foo.duckdns.org foo.ddns.net foo.hopto.org
foo.ngrok.io foo.ngrok-free.app foo.glitch.me foo.repl.co foo.onrender.com foo.fly.dev
foo.000webhostapp.com foo.weebly.com foo.wixsite.com foo.squarespace.com foo.tumblr.com
foo.s3-website-us-east-1.amazonaws.com foo.s3.dualstack.eu-west-1.amazonaws.com
""".split()


def ascii_rule(rule):
    labels = []
    for label in rule.split("."):
        labels.append(label.lower() if label == "*" or label.isascii() else idna.encode(label, uts46=True).decode("ascii"))
    return ".".join(labels)


def hosts_from_list():
    hosts = []
    with open(LIST, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if not line or line.startswith("//"):
                continue
            rule = line.split()[0]
            if rule.startswith("!"):
                base = ascii_rule(rule[1:])
                hosts += [base, "x." + base]
            elif rule.startswith("*."):
                base = ascii_rule(rule[2:])
                hosts += [base, "w." + base, "x.w." + base, "y.x.w." + base]
            else:
                base = ascii_rule(rule)
                hosts += [base, "x." + base, "www.x." + base]
    return hosts


def libpsl(hosts, option):
    output = subprocess.run(
        ["psl", "--load-psl-file", LIST, option, "-b"], input="\n".join(hosts) + "\n", capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(output) == len(hosts), (len(output), len(hosts))
    return output


def main():
    seen = set()
    hosts = []
    for host in hosts_from_list() + [h.lower() for h in REAL_WORLD]:
        if host not in seen:
            seen.add(host)
            hosts.append(host)
    registrable = libpsl(hosts, "--print-reg-domain")
    suffixes = libpsl(hosts, "--print-unreg-domain")
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# GENERATED by scripts/generate-psl-testset.py from libpsl's answers on scripts/data/public_suffix_list.dat\n")
        for host, domain, suffix in zip(hosts, registrable, suffixes):
            out.write(f"{host}\t{'-' if domain == '(null)' else domain}\t{suffix}\n")
    print(f"wrote {OUT}: {len(hosts)} hosts")


if __name__ == "__main__":
    main()
