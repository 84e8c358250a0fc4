"""Deals: the deal sentences of a filing (see ``triggers``) assembled into deals.

1. Each sentence that announces or recalls a deal is a frame: its kinds, the companies it names
   (a sentence naming fewer than two borrows the partner its neighbours name "with X", "from X",
   "X's"), the role hints of its verbs.  A contract is one frame (see ``contracts``).
2. Frames about the same companies are one deal and their kinds add up; an equity purchase stays
   its own deal; an earlier deal recalled with several partners ("also has agreements with A,
   B and C") becomes one recalled deal with each.
3. Roles are the weighted votes of the deal's sentences and of the sentences that follow about
   the same companies (``roles``); unnamed "we" helps to read them but is never a party.
4. The sentences about the deal give its payments (``payments``), with payer and payee read from
   the roles, its exclusivity and territory (``terms``), what it concerns (``assets``) and its
   date (``deal_dates``: the agreement date when stated, else the release date for the first
   deal of a filing).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from dealgraph.loaders.extract.assets import find_assets
from dealgraph.loaders.extract.contracts import contract_frame, heading_kind
from dealgraph.loaders.extract.deal_dates import announcement_date, deal_date
from dealgraph.loaders.extract.fastre import gated
from dealgraph.loaders.extract.payments import classify
from dealgraph.loaders.extract.registry import Registry
from dealgraph.loaders.extract.roles import RoleVotes, license_roles, payment_roles, read_roles
from dealgraph.loaders.extract.terms import exclusivity, territory, territory_definitions
from dealgraph.loaders.extract.triggers import Frame, SentInfo, named_parties
from dealgraph.records import Asset, Deal, Evidence, Payment

_BORROW = re.compile(r"(?:\bwith\s+(?:[\w.-]+\s+){0,3}?|\bfrom\s+|^\W*)(ORG\d+)|(ORG\d+)['’]s?\s")

_SHARE_OF_SALES = gated(
    re.compile(r"\b(?:percentage|share|portion)\s+of\s+(?:the\s+)?(?:net\s+sales|sales)\b", re.IGNORECASE)
)
_ROYALTY = gated(re.compile(r"\broyalt(?:y|ies)\b", re.IGNORECASE))
_AMENDED = gated(re.compile(r"\b(?:amended|revised)\b", re.IGNORECASE))
_SHALL_PAY = gated(re.compile(r"\b(?:shall|will)\s+pay\b"))

# a collaboration names a territory where the partners sell together ("jointly commercialize FL-44 in
# the United States and Europe", "co-promote … in Japan")
_COMMERCIALIZE = re.compile(
    r"\b(?:jointly|co-)\s*(?:commerciali[sz]\w*|promot\w*|market\w*)|\bco-commerciali[sz]\w*|\bco-promot\w*",
    re.IGNORECASE,
)

_COMMERCIALIZES_WORLDWIDE = re.compile(
    r"\bcommerciali[sz]ation\s+(?:worldwide|globally|throughout\s+the\s+world)\b", re.IGNORECASE
)

_AUTHORITY = re.compile(
    r"\b(?:Agency|Administration|Commission|Authority|Office|Department|Ministry|Court|"
    r"Exchange|"
    r"Institutes?\s+of\s+Health|Newswire|Wire)\b"
)


def _borrow(info: SentInfo, infos: list[SentInfo], registry: Registry, parties: list[int]) -> list[int]:
    """A deal sentence that names fewer than two companies: take them from its neighbours, where a
    company stands as the partner ("with X"), the source ("from X"), the subject or an owner ("X's")."""
    out = list(parties)
    for j in (info.index - 1, info.index + 1, info.index - 2, info.index - 3):
        if len(out) >= 2 or j < 0 or j >= len(infos):
            continue
        other = infos[j]
        if other.s.doc != info.s.doc or other.s.section != "body" or other.quoted:
            continue
        for m in _BORROW.finditer(other.ph):
            cid = registry.find(int((m.group(1) or m.group(2))[3:]))
            if cid in out or len(out) >= 2 or registry.clusters[cid].vehicle:
                continue
            if _AUTHORITY.search(" ".join(registry.clusters[cid].names)):
                continue
            out.append(cid)
    return out


def build_frames(infos: list[SentInfo], registry: Registry, contract_docs: set[int]) -> list[Frame]:
    frames: list[Frame] = []
    for doc in sorted(contract_docs):
        f = contract_frame(doc, infos, registry)
        if f:
            frames.append(f)
    for info in infos:
        if not info.trigger or info.hedged:
            continue
        types = set(info.types)
        if info.s.doc in contract_docs:
            # inside a contract only its recitals, or a share purchase, make other deals
            keep = {"Acquisition", "EquityInvestment"} & types
            if "Acquisition" in keep and not re.search(
                r"\b(?:transaction|merger|stock\s+purchase|"
                r"share\s+purchase)\s+agreement\b|\bacquir\w*\s+(?:a\s+)?"
                r"(?:majority|all|control|100\s?%)",
                info.s.text,
                re.I,
            ):
                keep.discard("Acquisition")
            if not keep or len(named_parties(info, registry)) < 2:
                continue
            if "EquityInvestment" in keep and not re.search(
                r"\b(?:equity\s+investment|"
                r"purchase\s+[^.]{0,60}shares|"
                r"subscri)",
                info.s.text,
                re.I,
            ):
                keep.discard("EquityInvestment")
            if not keep:
                continue
            types = keep
        parties = named_parties(info, registry)
        if (
            len(parties) < 2
            and not info.recalled
            and not (len(parties) == 1 and re.search(r"\b(?:the\s+Company|we|our)\b", info.s.text))
        ):
            parties = _borrow(info, infos, registry, parties)
        votes = read_roles(info.ph)
        frames.append(Frame(types, parties, [votes], [info], info.recalled))
    return frames


_OWN_EQUITY_AGREEMENT = re.compile(
    r"\b(?:(?:stock|share|securities|equity)\s+(?:purchase|subscription)\s+agreement|subscription\s+agreement|"
    r"investment\s+agreement|private\s+placement|registered\s+direct|public\s+offering)",
    re.IGNORECASE,
)
_PARTNERING = {"LicenseAgreement", "CollaborationAgreement", "OptionAgreement"}


def _bundled_equity(equity: Frame, other: Frame) -> bool:
    """A purchase of shares that comes with a licence, collaboration or option between the same
    companies ("In addition, X purchased 1,000,000 shares of the Company's common stock", "X will
    also make an equity investment of EUR 15 million in Y") is part of that deal, unless it has an
    agreement of its own (a stock purchase agreement, a private placement) or sits in a contract."""
    if equity.contract or other.contract or not other.types & _PARTNERING:
        return False
    if other.types & {"Acquisition", "AssetPurchase"}:
        return False
    if any(i.s.doc != other.sentences[0].s.doc for i in equity.sentences):
        return False
    return not any(_OWN_EQUITY_AGREEMENT.search(i.s.text) for i in equity.sentences)


def _compatible(a: Frame, b: Frame) -> bool:
    if ("EquityInvestment" in a.types) != ("EquityInvestment" in b.types):
        if a.types <= {"EquityInvestment"} and _bundled_equity(a, b):
            return True
        if b.types <= {"EquityInvestment"} and _bundled_equity(b, a):
            return True
        if a.types <= {"EquityInvestment"} or b.types <= {"EquityInvestment"}:
            return False
    acq = {"Acquisition", "AssetPurchase"}
    lic = {"LicenseAgreement", "CollaborationAgreement", "SupplyAgreement"}
    if (
        a.types & acq
        and not a.types & lic
        and b.types & lic
        and not b.types & acq
        and "OptionAgreement" not in b.types
    ):
        return False
    if (
        b.types & acq
        and not b.types & lic
        and a.types & lic
        and not a.types & acq
        and "OptionAgreement" not in a.types
    ):
        return False
    return True


def merge_frames(frames: list[Frame], self_id: int | None, anonymous: tuple[int, ...] = ()) -> list[Frame]:
    merged: list[Frame] = []
    selfish = {self_id} | set(anonymous)
    for f in frames:
        target = None
        fp = set(f.parties) - selfish
        for g in merged:
            gp = set(g.parties) - selfish
            if not _compatible(g, f):
                continue
            if f.recalled != g.recalled and not (
                f.recalled and f.sentences[0].s.section != "body" and fp and gp and fp == gp
            ):
                continue
            if fp and gp and (fp <= gp or gp <= fp):
                target = g
                break
            if fp and gp and (set(f.parties) <= set(g.parties) or set(g.parties) <= set(f.parties)):
                target = g
                break
            if not fp and not gp and set(f.parties) == set(g.parties):
                target = g
                break
        if target is None:
            merged.append(f)
            continue
        if not (f.recalled and not target.recalled):
            target.types |= f.types
            for p in f.parties:
                if p not in target.parties:
                    target.parties.append(p)
        target.votes += f.votes
        target.sentences += f.sentences
    return merged


def resolve_roles(frame: Frame, registry: Registry, lead: int | None) -> list[tuple[str, int]]:
    """(role, cluster) pairs for a frame, from the votes of its sentences."""
    roles: dict[str, list[int]] = {}
    parties = list(frame.parties)

    def tally(name: str) -> dict[int, int]:
        count: dict[int, int] = {}
        for v in frame.votes:
            for cid in v.roles.get(name, []):
                cid = registry.find(cid)
                if cid in parties:
                    count[cid] = count.get(cid, 0) + 1
        return count

    def pair(strong_a: str, strong_b: str, weak_a: list[str], weak_b: list[str], fallback: bool = True):
        """The two sides of a deal by weighted votes: strong patterns count double."""
        weights_a = {
            strong_a: 2.0,
            strong_a + "+": 2.0,
            **{w: (1.0 if "?" not in w else 0.5) for w in weak_a},
        }
        weights_b = {
            strong_b: 2.0,
            strong_b + "+": 2.0,
            **{w: (1.0 if "?" not in w else 0.5) for w in weak_b},
        }
        score: dict[int, float] = {}
        seen_a: set[int] = set()
        seen_b: set[int] = set()
        for name, w in weights_a.items():
            for cid, n in tally(name).items():
                score[cid] = score.get(cid, 0.0) + w * n
                seen_a.add(cid)
        for name, w in weights_b.items():
            for cid, n in tally(name).items():
                score[cid] = score.get(cid, 0.0) - w * n
                seen_b.add(cid)
        a = b = None
        if score:
            top = max(score, key=score.get)
            low = min(score, key=score.get)
            if score[top] > 0:
                a = top
            if score[low] < 0 and low != a:
                b = low
        if fallback:
            if a is not None and b is None:
                b = next((p for p in parties if p != a and p not in seen_a), None) or next(
                    (p for p in parties if p != a), None
                )
            if b is not None and a is None:
                a = next((p for p in parties if p != b and p not in seen_b), None) or next(
                    (p for p in parties if p != b), None
                )
        return a, b

    t = frame.types
    option_to_buy = "OptionAgreement" in t and "LicenseAgreement" not in t and bool(tally("acquirer"))
    if (
        t & {"LicenseAgreement", "OptionAgreement"}
        and not t & {"Acquisition", "AssetPurchase"}
        and not option_to_buy
    ):
        lic, lee = pair(
            "licensor", "licensee", ["payee", "licensor?", "payee?"], ["payer", "licensee?", "payer?"]
        )
        if lic is None and lee is None and len(parties) >= 2:
            first = lead if lead in parties else parties[0]
            lic, lee = first, next(p for p in parties if p != first)
        if lic is not None:
            roles.setdefault("licensor", []).append(lic)
        if lee is not None and lee != lic:
            roles.setdefault("licensee", []).append(lee)
    if t & {"Acquisition", "AssetPurchase"} or option_to_buy:
        spac = [
            p
            for p in parties
            if any(
                re.search(
                    r"\bAcquisition(?:\s+(?:Corp|Co|Company|Ltd|Limited|"
                    r"Corporation)\b|\s*$)",
                    n,
                )
                for n in registry.clusters[p].names
            )
        ]
        acq, tgt = pair("acquirer", "acquiree", ["payer", "payer?"], ["payee", "payee?"])
        if spac:
            acq = spac[0]
            tgt = next((p for p in parties if p != acq), None)
        if acq is None and tgt is None and len(parties) >= 2:
            first = lead if lead in parties else parties[0]
            acq, tgt = first, next(p for p in parties if p != first)
        if acq is not None:
            roles.setdefault("acquirer", []).append(acq)
        if tgt is not None and tgt != acq:
            roles.setdefault("acquiree", []).append(tgt)
    if "EquityInvestment" in t:
        inv, ee = pair("investor", "investee", ["payer"], ["payee"], fallback=False)
        if inv is not None:
            roles.setdefault("investor", []).append(inv)
            # a placement with several investors: each one named as investor
            strong = tally("investor+")
            for p in parties:
                if p not in (inv, ee) and strong.get(p) and not tally("investee").get(p):
                    roles["investor"].append(p)
        if ee is not None and ee != inv:
            roles.setdefault("investee", []).append(ee)
    # an investment that comes with a collaboration does not say who the collaborators are
    assigned = {p for role, ps in roles.items() if role not in ("investor", "investee") for p in ps}
    if t & {"CollaborationAgreement", "SupplyAgreement", "SettlementAgreement"} and not assigned:
        for p in parties[:4]:
            roles.setdefault("collaborator", []).append(p)
    out = []
    for role, ps in roles.items():
        for p in ps:
            if (role, p) not in out:
                out.append((role, p))
    return out


def deal_context(frame: Frame, infos: list[SentInfo], frames: list[Frame]) -> list[SentInfo]:
    """The sentences about a deal: its own, then the ones that follow about the same parties."""
    others = set()
    for g in frames:
        if g is not frame and not g.recalled:
            others |= set(g.parties)
    own = set(frame.parties)
    others -= own
    context: list[SentInfo] = []
    seen = set()
    first = frame.sentences[0]
    for info in frame.sentences:
        if info.index not in seen:
            context.append(info)
            seen.add(info.index)
    if frame.contract:
        for info in infos:
            if info.s.doc == first.s.doc and info.s.section == "body" and info.index not in seen:
                context.append(info)
                seen.add(info.index)
    elif not frame.recalled:
        # in each document that tells of the deal (an 8-K and its press release), the sentences
        # after the first one about it
        starts: dict[int, SentInfo] = {}
        for info in frame.sentences:
            starts.setdefault(info.s.doc, info)
        for start in sorted(starts.values(), key=lambda i: i.index):
            _follow(start, infos, own, others, context, seen)
    return sorted(context, key=lambda i: i.index)


def _follow(
    first: SentInfo,
    infos: list[SentInfo],
    own: set[int],
    others: set[int],
    context: list[SentInfo],
    seen: set[int],
) -> None:
    """Add to ``context`` the sentences after ``first`` in its document that are about the deal."""
    for info in infos[first.index + 1 : first.index + 30]:
        if info.s.doc != first.s.doc:
            break
        if info.s.section != "body" or info.index in seen or info.quoted:
            continue
        cl = set(info.clusters)
        if cl & others and not cl & own:
            continue
        if info.recalled and not _AMENDED.search(info.s.text):
            continue
        if info.trigger and not cl & own and cl:
            continue
        context.append(info)
        seen.add(info.index)


def collect_payments(frame: Frame, context: list[SentInfo], frames: list[Frame]) -> list[Payment]:
    """Payments of a deal: amounts in the sentences about it."""
    out = []
    heading: str | None = None
    table: str | None = None  # the kind a table's header row names ("Milestone | Amount")
    lead: str | None = None
    for info in sorted(context, key=lambda i: i.index):
        if frame.contract and len(info.s.text) < 120 and info.s.first_in_line:
            h = heading_kind(info.s.text)
            if h is not None or re.match(r"^\W*(?:ARTICLE|Section)?\s*\d+(?:\.\d+)*\.?\s+[A-Z]", info.s.text):
                heading = h
        if "\t" not in info.s.text:
            table = None
            # "… eligible for the following milestone payments:" introduces the table below it
            lead = heading_kind(info.s.text) if info.s.text.rstrip().endswith(":") else None
        elif not info.money and len(info.s.text) < 120:
            table = heading_kind(info.s.text) or lead
        royalty = _royalty_mention(info)
        if not info.money and not royalty:
            continue
        default = heading if frame.contract else None
        if table is not None and "\t" in info.s.text:
            default = table
        for c in classify(info.s.text, info.money, frame.types, default=default):
            m = c.money
            if (
                c.kind == "EquityPayment"
                and "EquityInvestment" not in frame.types
                and any("EquityInvestment" in g.types and g is not frame for g in frames)
            ):
                continue
            out.append(
                Payment(
                    kind=c.kind,
                    amount=m.amount,
                    currency=m.currency,
                    up_to=c.up_to,
                    redacted=m.redacted,
                    evidence=(info.s.evidence(),),
                )
            )
        if royalty and frame.types & {"LicenseAgreement", "OptionAgreement", "AssetPurchase"} | (
            set() if frame.contract else {"CollaborationAgreement"}
        ):
            rmin, rmax = _rates(info.s.text)
            out.append(
                Payment(kind="RoyaltyPayment", rate_min=rmin, rate_max=rmax, evidence=(info.s.evidence(),))
            )
    return out


def _royalty_mention(info: SentInfo) -> bool:
    text = info.s.text
    if _SHARE_OF_SALES.search(text):
        return True
    for m in _ROYALTY.finditer(text):
        pos = info.s.start + m.start()
        if any(x.start <= pos < x.end for x in info.mentions):
            continue
        after = text[m.end() : m.end() + 30]
        if re.match(r"\s*(?:aggregator|-free|free|interest)", after, re.I) or re.search(
            r"\bno\s+$", text[: m.start()]
        ):
            continue
        return True
    return False


def _rates(text: str):
    m = re.search(
        r"\broyalt\w*[^.]{0,120}?(\d{1,2}(?:\.\d+)?)\s?%(?:\s*(?:to|-|–|"
        r"and)\s*(\d{1,2}(?:\.\d+)?)\s?%)?",
        text,
        re.I,
    )
    if not m:
        return None, None
    lo = Decimal(m.group(1)) / 100
    hi = Decimal(m.group(2)) / 100 if m.group(2) else lo
    return lo.normalize(), hi.normalize()


_PAID_BY = {  # payment kind -> (role that pays, role that is paid)
    "UpfrontPayment": ("licensee", "licensor"),
    "MilestonePayment": ("licensee", "licensor"),
    "RoyaltyPayment": ("licensee", "licensor"),
    "OptionFee": ("licensee", "licensor"),
    "ResearchFunding": ("licensee", "licensor"),
    "TotalDealValue": ("licensee", "licensor"),
    "PurchasePrice": ("acquirer", "acquiree"),
    "EquityPayment": ("investor", "investee"),
}


def _with_payer_payee(
    payments: list[Payment], roles: list[tuple[str, int]], keys: dict[int, str], registry: Registry
) -> list[Payment]:
    """Who pays whom follows from the roles: the licensee pays the licensor, the acquirer the
    company bought (its holders), the investor the issuer."""
    by_role: dict[str, list[int]] = {}
    for role, cid in roles:
        by_role.setdefault(role, []).append(registry.find(cid))
    out = []
    for p in payments:
        payer_role, payee_role = _PAID_BY.get(p.kind, (None, None))
        if p.kind in ("UpfrontPayment", "MilestonePayment", "TotalDealValue") and "licensee" not in by_role:
            payer_role, payee_role = (
                ("acquirer", "acquiree") if "acquirer" in by_role else (payer_role, payee_role)
            )
        payer = by_role.get(payer_role or "", [])
        payee = by_role.get(payee_role or "", [])
        out.append(
            replace(
                p,
                payer=keys[payer[0]] if len(payer) == 1 else None,
                payee=keys[payee[0]] if len(payee) == 1 else None,
            )
        )
    return out


def build_deals(
    infos: list[SentInfo],
    registry: Registry,
    filing_report: date | None,
    contract_docs: set[int],
    lead: int | None,
    keys: dict[int, str],
) -> list[Deal]:
    frames = build_frames(infos, registry, contract_docs)
    frames = merge_frames(
        frames,
        registry.self_id if registry.self_id is not None else lead,
        (registry.anon_id,) if registry.anon_id is not None else (),
    )
    announcement = announcement_date(infos, filing_report)
    terr_defs: dict[str, str] = {}
    for info in infos:
        if info.s.section == "definition" and "Territory" in info.s.text:
            terr_defs.update(territory_definitions(info.s.text))
    deals: list[Deal] = []
    expanded: list[Frame] = []
    owner = registry.self_id if registry.self_id is not None else lead
    for f in frames:
        named = [
            registry.find(p)
            for p in f.parties
            if registry.find(p) != owner and not registry.clusters[registry.find(p)].anonymous
        ]
        if (
            f.recalled
            and owner is not None
            and registry.find(owner) in [registry.find(p) for p in f.parties]
            and len(named) >= 2
        ):
            # "X also has agreements with A, B and C": one earlier deal with each of them
            for other in named:
                expanded.append(
                    Frame(set(f.types), [registry.find(owner), other], f.votes, f.sentences, True)
                )
        else:
            expanded.append(f)
    frames = expanded
    for f in frames:
        f.parties = [registry.find(p) for p in f.parties]
        f.parties = [p for i, p in enumerate(f.parties) if p not in f.parties[:i]]
        if not f.parties:
            continue
        context = deal_context(f, infos, frames)
        if not f.recalled and not f.contract and "OptionAgreement" not in f.types:
            first = f.sentences[0].index
            if any(
                re.search(
                    r"\boptions?\s+(?:to|for)\s+(?:exclusively\s+)?(?:licen[sc]e|acquire|"
                    r"obtain\s+(?:an?\s+)?"
                    r"(?:exclusive\s+)?licen[sc]e|expanding|extending)",
                    i.s.text,
                    re.I,
                )
                and not re.search(r"\b(?:retains?|has\s+the|co-fund|co-promot)", i.s.text, re.I)
                for i in context
                if i.index - first <= 6
            ):
                f.types.add("OptionAgreement")
        for info in context:
            if info in f.sentences or not set(info.clusters) & set(f.parties):
                continue
            if f.contract and not _SHALL_PAY.search(info.s.text):
                continue
            votes = RoleVotes()
            payment_roles(info.ph, votes)
            if not f.contract:
                license_roles(info.ph, votes)
            f.votes.append(votes)
        roles = resolve_roles(f, registry, lead)
        if not roles:
            continue
        first_main = not f.recalled and not any(not d.recalled for d in deals)
        when = deal_date(f, announcement if first_main else None)
        payments = []
        seen = set()
        for p in collect_payments(f, context, frames):
            key = (p.kind, p.amount, p.currency)
            if key in seen:
                continue
            seen.add(key)
            payments.append(p)
        excl = None
        terr = None
        grant_sents = [i for i in f.sentences if not i.quoted]
        if not f.contract and not f.recalled:
            first = f.sentences[0]
            for info in infos[first.index : first.index + 12]:
                if (
                    info.s.doc == first.s.doc
                    and info.s.section == "body"
                    and info not in grant_sents
                    and not info.quoted
                ):
                    if set(info.clusters) - set(f.parties) and not set(info.clusters) & set(f.parties):
                        continue
                    grant_sents.append(info)
        if not f.types & {"LicenseAgreement", "OptionAgreement", "CollaborationAgreement", "SupplyAgreement"}:
            grant_sents = []
        collab_only = not f.types & {"LicenseAgreement", "OptionAgreement", "SupplyAgreement"}
        for info in [] if collab_only else grant_sents:
            e = exclusivity(info.s.text)
            if e is not None:
                excl = None if e == "co" else e
                break
        for info in grant_sents:
            if not re.search(
                r"\b(?:licen|rights?|grant|territory|exclusive|distribut|promot)", info.s.text, re.I
            ) and not (
                collab_only
                and _COMMERCIALIZE.search(info.s.text)
                or _COMMERCIALIZES_WORLDWIDE.search(info.s.text)
            ):
                continue
            terr = (
                territory(info.s.text, terr_defs)
                if not collab_only or _COMMERCIALIZE.search(info.s.text)
                else territory("", terr_defs)
                if re.search(r"\bin\s+the\s+(?:[\w-]+\s+)?Territory\b", info.s.text)
                else None
            )
            if collab_only and terr is None and re.search(r"\bin\s+the\s+Territory\b", info.s.text):
                terr = terr_defs.get("Territory")
            if terr:
                break
        concerns = []
        seen_assets = set()
        for info in f.sentences[:6]:
            for a in find_assets(info.s.text):
                if (a.kind, a.label) in seen_assets:
                    continue
                seen_assets.add((a.kind, a.label))
                concerns.append(
                    Asset(
                        kind=a.kind,
                        label=a.label,
                        evidence=(
                            Evidence(
                                info.s.doc,
                                info.s.start + a.start,
                                info.s.start + a.end,
                                info.s.text[a.start : a.end],
                            ),
                        ),
                    )
                )
        roles = [(role, cid) for role, cid in roles if not registry.clusters[registry.find(cid)].anonymous]
        if not roles or f.recalled and len({cid for _, cid in roles}) < 2:
            continue
        payments = _with_payer_payee(payments, roles, keys, registry)
        deals.append(
            Deal(
                types=tuple(
                    t
                    for t in (
                        "LicenseAgreement",
                        "CollaborationAgreement",
                        "OptionAgreement",
                        "Acquisition",
                        "AssetPurchase",
                        "EquityInvestment",
                        "SupplyAgreement",
                        "SettlementAgreement",
                    )
                    if t in f.types
                ),
                roles=tuple((role, keys[registry.find(cid)]) for role, cid in roles),
                announced_on=when,
                exclusive=excl,
                territory=terr,
                payments=tuple(payments),
                concerns=tuple(concerns[:12]),
                recalled=f.recalled,
                evidence=tuple(i.s.evidence() for i in f.sentences[:5]),
            )
        )
    return deals
