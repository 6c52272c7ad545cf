"""Narratives and figures of the Baldrige demo: a credible (fictional) county health department's application."""

from __future__ import annotations

from npmassess.figures import Figure

NARRATIVES = {
    "P.1": (
        "Riverside County Public Health Department (RCPHD) protects and improves the health of 410,000 residents "
        "in a county of small towns, farmland and one mid-sized city. Community Health Services (CHS), the unit "
        "applying, delivers immunisation, maternal and child health, chronic disease prevention and the county's "
        "Women, Infants, and Children (WIC) nutrition programme from four clinics and two mobile units.\n\n"
        "Our mission is \"healthy people in healthy communities\"; our vision is that every resident can reach the "
        "care they need within 30 minutes. Our values are respect, equity, evidence and stewardship. CHS employs "
        "186 staff (61 % nurses and community health workers, 22 % administrative, 17 % specialists); 14 % are "
        "represented by a bargaining unit. Key assets are the clinics, the electronic health record (EHR) shared "
        "with two hospital systems, and a fleet of two mobile clinics.\n\n"
        "CHS is governed by the County Board of Health (BOH), which approves the budget of USD 24.6 million "
        "(58 % state and federal grants, 27 % county general fund, 15 % fees and reimbursements). Regulatory "
        "requirements include state public health law, federal grant conditions and the national public health "
        "accreditation standards of the Public Health Accreditation Board (PHAB).\n\n"
        "Our key customer groups are families with young children, adults with or at risk of chronic disease, "
        "and the school districts and employers we partner with. Key suppliers and partners are the two hospital "
        "systems, the county's federally qualified health centres (FQHCs), 38 schools and 22 faith and community "
        "organisations, who reach residents we could not reach alone."
    ),
    "P.2": (
        "CHS competes for grant funding and for clinical staff with the hospital systems and neighbouring "
        "counties; for services, most residents can choose an FQHC or a private provider. Our comparative "
        "advantages are the mobile clinics, the community health worker (CHW) network and our data: the only "
        "county-wide view of immunisation and chronic disease indicators.\n\n"
        "Comparative data come from the state health department's county rankings, the national immunisation "
        "survey and a benchmarking group of seven peer counties of similar size. Data for customer satisfaction "
        "beyond our own surveys are scarce, which limits comparisons in 7.2.\n\n"
        "Key strategic challenges are (1) recruitment and retention of nurses, (2) the end of two federal grants "
        "in 2027, and (3) rising chronic disease in rural areas. Key advantages are strong partnerships and a "
        "culture of using data. Our performance improvement system combines Plan-Do-Study-Act (PDSA) cycles for "
        "front-line improvement, an annual self-assessment against the Baldrige Criteria, and a quality council "
        "that reviews every improvement project quarterly."
    ),
    "1.1": (
        "Senior leaders (the director, the medical officer and four programme managers) set and deploy the "
        "vision and values through the annual planning retreat, the monthly all-staff huddle and the values "
        "awards that staff nominate each quarter. New staff meet a senior leader in their first week.\n\n"
        "Leaders communicate through a two-way cycle: the director's Monday note, quarterly town halls with "
        "open questions, and the 'ask the director' channel, answered within five working days. Staff survey "
        "results in Figure 7.3-1 show trust in senior leaders rising from 58 % to 71 % since 2022.\n\n"
        "Leaders create a focus on action through the scorecard of 24 key measures reviewed every month. Each "
        "measure has an owner and a target; red measures get a PDSA project within 30 days. Learning: after the "
        "2023 staff survey, leaders replaced the yearly town hall with quarterly sessions and clinic visits."
    ),
    "1.2": (
        "The BOH reviews CHS performance every quarter against the scorecard and approves the strategic plan. "
        "An independent county auditor reviews finances each year; the 2025 audit had no findings. Leaders' "
        "performance is evaluated annually by the BOH against scorecard results and a 360-degree review.\n\n"
        "We meet legal and ethical requirements through a compliance calendar owned by the quality council, "
        "yearly ethics training (98 % completion) and an anonymous reporting line. We anticipate public concerns "
        "about vaccines and data privacy by consulting the community advisory group before changes.\n\n"
        "Societal contributions focus on health equity: CHS leads the county's health equity coalition and "
        "targets mobile clinic days to the five census tracts with the lowest access, chosen each year from "
        "our own data."
    ),
    "2.1": (
        "Strategic planning follows a yearly cycle: environmental scan (January-February), the community health "
        "assessment every three years, a planning retreat with staff and partner representatives (March), and "
        "BOH approval (May). Blind spots are addressed by inviting two partner organisations and a community "
        "member to the retreat.\n\n"
        "Strategic objectives for 2025-2028 are: raise childhood immunisation coverage to 92 %; cut the time to "
        "a first appointment to under 10 days; diversify funding so that no single grant exceeds 15 % of the "
        "budget; and reduce nurse turnover below 12 %. Each objective balances short- and long-term needs and "
        "addresses a strategic challenge from P.2."
    ),
    "2.2": (
        "Each objective is broken into action plans with an owner, milestones and a measure on the scorecard. "
        "Resources are allocated in the budget cycle that follows the retreat; the finance manager checks that "
        "every action plan is funded before BOH approval.\n\n"
        "Workforce plans follow from the action plans: the 2025 plan added two CHW positions and a nurse "
        "residency with the community college. Action plans are tracked monthly; when a plan falls behind for two "
        "months, the owner presents a recovery plan to the quality council. In 2025, 17 of 20 action plans met "
        "their milestones (Figure 7.4-1)."
    ),
    "3.1": (
        "We listen to customers through post-visit text surveys (sent after every clinic visit), focus groups "
        "with WIC families twice a year, and the CHWs' monthly reports of what they hear in the community. "
        "Potential customers are reached through school and employer partners.\n\n"
        "Customer groups are segmented by programme and by geography (urban, small town, rural); service offerings "
        "are adjusted each year from this segmentation, for example Saturday immunisation clinics for working "
        "parents in 2024. Complaints are logged in one system, acknowledged within two days and reviewed monthly "
        "for patterns."
    ),
    "3.2": (
        "Customer support is available by phone, text, web chat and in person in English and Spanish, with "
        "interpreters for 14 further languages. We build relationships through continuity of care: each family "
        "in maternal and child health has a named nurse or CHW.\n\n"
        "Satisfaction and engagement are measured by the post-visit survey (net satisfaction, Figure 7.2-1) and "
        "by return rates for scheduled follow-ups. Results are compared with the peer counties where they report "
        "the same survey items."
    ),
    "4.1": (
        "The scorecard of 24 measures is built from the EHR, the immunisation registry, the finance system and "
        "the surveys; data are refreshed nightly and checked by the data team each week. Measures are selected "
        "in the planning cycle so that each strategic objective and key process has at least one.\n\n"
        "Comparative data come from the state rankings and the peer-county group (see P.2). Performance is "
        "reviewed monthly by senior leaders and quarterly by the BOH; reviews end with decisions recorded in an "
        "action log. Findings feed PDSA projects and, each year, the choice of improvement priorities."
    ),
    "4.2": (
        "Knowledge is shared through a wiki of standard work for every clinic process, monthly case reviews and "
        "a yearly 'what we learned' event. Best practices found in one clinic are tested in a second before they "
        "are spread.\n\n"
        "Data and information quality is assured by validation rules in the EHR, monthly data-quality reports "
        "and an annual privacy audit. Information is available to staff, partners and the public through "
        "dashboards; the public dashboard had 41,000 visits in 2025."
    ),
    "5.1": (
        "Workforce capability and capacity are assessed each year against the action plans and the vacancy "
        "report. New staff are recruited through the nurse residency, the community college and targeted "
        "outreach in the communities we serve; the workforce now mirrors the county's language mix.\n\n"
        "The workplace is kept healthy and safe through a safety committee, panic buttons in every clinic and a "
        "workplace injury rate tracked monthly (Figure 7.3-2). Benefits include flexible hours, tuition support "
        "and an employee assistance programme."
    ),
    "5.2": (
        "Key drivers of engagement, identified from the staff survey, are recognition, growth and a manageable "
        "workload. Engagement is assessed by the yearly survey and pulse surveys each quarter; results are "
        "shared with every team, which chooses one improvement.\n\n"
        "Performance management links goals to the action plans; every staff member has a development plan. "
        "Leaders are developed through a two-year programme with the state university. Learning and development "
        "are evaluated by course feedback, skills checks and the change in the related scorecard measures."
    ),
    "6.1": (
        "Key work processes are immunisation, maternal and child home visiting, chronic disease prevention and "
        "WIC certification. Their requirements come from customer input (3.1), regulations and grant terms; "
        "each process has standard work, an owner and in-process measures such as time to first appointment.\n\n"
        "Processes are improved with PDSA cycles: 31 projects ran in 2025, for example text reminders that cut "
        "missed immunisation appointments from 18 % to 9 %. Support processes (scheduling, billing, supply "
        "management) are managed the same way."
    ),
    "6.2": (
        "Operations are kept efficient through monthly cost-per-visit reviews and a supply-chain agreement "
        "shared with the two hospital systems. Security of information and systems is assured by the county's "
        "IT security programme, yearly penetration tests and staff training.\n\n"
        "Safety and emergency readiness: CHS keeps a continuity-of-operations plan (COOP) that is exercised "
        "twice a year; during the 2024 flood, all clinics reopened within 48 hours and the mobile units served "
        "the two shelters."
    ),
    "7.1": (
        "Childhood immunisation coverage (children aged 24 months with the full series) rose from 84 % in 2021 to "
        "91 % in 2025, above the peer-county median of 87 % (Figure 7.1-1). The time to a first appointment fell "
        "from 18 to 9 days (Figure 7.1-2), meeting the strategic target of under 10 days a year early.\n\n"
        "Missed appointments fell after the text reminder project in 2023. Results are shown for every clinic in "
        "the dashboard; the rural clinic still trails the others by 3 points of coverage, which is the focus "
        "of the 2026 mobile schedule."
    ),
    "7.2": (
        "Net customer satisfaction from post-visit surveys rose from 78 % to 88 % (Figure 7.2-1). Spanish-speaking "
        "families report satisfaction equal to English-speaking families since interpreters were added in 2023. "
        "Complaints per 1,000 visits fell from 4.1 to 2.6. Comparative satisfaction data are limited to three peer "
        "counties using the same survey items."
    ),
    "7.3": (
        "Staff engagement measured by the yearly survey rose from 58 % to 71 % (Figure 7.3-1). Nurse turnover fell "
        "from 19 % to 13 %, close to the 12 % target. Workplace injuries per 100 staff fell from 3.2 to 1.4 "
        "(Figure 7.3-2). Training completion for required courses was 98 % in 2025."
    ),
    "7.4": (
        "Seventeen of twenty action plans met their 2025 milestones (Figure 7.4-1). The county audit had no "
        "findings for the third year running, ethics training completion was 98 %, and the health equity "
        "coalition grew from 9 to 22 member organisations. Trust in senior leaders rose from 58 % to 71 %."
    ),
    "7.5": (
        "The budget was balanced in every year from 2021 to 2025. The share of the largest single grant fell from "
        "24 % to 17 % of the budget (Figure 7.5-1), towards the 15 % target; fee and reimbursement revenue grew "
        "from 11 % to 15 %. Cost per clinic visit held at USD 142, below the peer-county median of USD 155."
    ),
}


def _years(name: str, values: list[float], peer: list[float] | None = None) -> tuple[list[str], list[list]]:
    cols = ["Year", name] + (["Peer-county median"] if peer else [])
    rows = [[str(2021 + i), v] + ([peer[i]] if peer else []) for i, v in enumerate(values)]
    return cols, rows


def _fig(number: str, caption: str, chart: str, name: str, values: list[float], peer=None, source="") -> Figure:
    cols, rows = _years(name, values, peer)
    return Figure(number, caption, chart, cols, rows, "", source)


FIGURES = {
    "P.1": [Figure("P.1-1", "Organisation of Community Health Services", "org", ["Unit", "Reports to"],
                   [["Board of Health", ""], ["Director", "Board of Health"], ["Medical officer", "Director"],
                    ["Immunisation", "Director"], ["Maternal and child health", "Director"],
                    ["Chronic disease prevention", "Director"], ["WIC nutrition", "Director"],
                    ["Quality council", "Medical officer"]], "", "CHS organisation, 2026")],
    "7.1": [_fig("7.1-1", "Childhood immunisation coverage at 24 months (%)", "line", "CHS",
                 [84, 86, 88, 90, 91], [86, 86, 87, 87, 87], "State immunisation registry"),
            _fig("7.1-2", "Days to a first appointment (lower is better)", "bar", "Days", [18, 16, 13, 11, 9],
                 source="EHR scheduling data")],
    "7.2": [_fig("7.2-1", "Net customer satisfaction (%)", "line", "CHS", [78, 80, 83, 86, 88],
                 source="Post-visit text survey")],
    "7.3": [_fig("7.3-1", "Staff engagement (% favourable)", "bar", "Engagement", [58, 61, 64, 68, 71],
                 source="Annual staff survey"),
            _fig("7.3-2", "Workplace injuries per 100 staff (lower is better)", "bar", "Injuries",
                 [3.2, 2.8, 2.1, 1.7, 1.4], source="County risk management")],
    "7.4": [_fig("7.4-1", "Action plans meeting their milestones", "bar", "Action plans met", [11, 13, 14, 16, 17],
                 source="Quality council action log")],
    "7.5": [_fig("7.5-1", "Largest single grant as a share of the budget (%)", "line", "Share", [24, 23, 21, 19, 17],
                 source="County finance system")],
}


def add_award_content(a, fw) -> None:
    """Give a demo assessment of an award framework its narratives and figures (Baldrige only)."""
    if fw.id != "baldrige":
        return
    known = {n.id for n in fw.nodes()}
    a.narratives.update({k: v for k, v in NARRATIVES.items() if k in known})
    a.figures.update({k: list(v) for k, v in FIGURES.items() if k in known})
