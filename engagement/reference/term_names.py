# ruff: noqa: E501 (generated: one whole msgid a line, so diffs show which name changed)
"""Vocabulary term names, marked for translation so makemessages collects them.

Generated from vocabularies.csv by `python manage.py write_term_names`; do not edit by hand
(tests/engagement/test_languages.py fails when this module and the CSV differ). `Term.label`
translates a term's name at display time.
"""

from django.utils.translation import gettext_noop

# fmt: off
TERM_NAMES = (
    gettext_noop("Ensure all learners acquire the knowledge and skills needed to promote sustainable development, including human rights, gender equality and a culture of peace and non-violence"),
    gettext_noop("Build and upgrade education facilities that are child, disability and gender sensitive and provide safe, non-violent, inclusive and effective learning environments for all"),
    gettext_noop("Eliminate all forms of violence against all women and girls in the public and private spheres, including trafficking and sexual and other types of exploitation"),
    gettext_noop("Eliminate all harmful practices, such as child, early and forced marriage and female genital mutilation"),
    gettext_noop("Eradicate forced labour, end modern slavery and human trafficking and end child labour in all its forms, including the recruitment and use of child soldiers"),
    gettext_noop("Provide universal access to safe, inclusive and accessible, green and public spaces, in particular for women and children"),
    gettext_noop("End abuse, exploitation, trafficking and all forms of violence against and torture of children"),
    gettext_noop("Prevention"),
    gettext_noop("Response"),
    gettext_noop("Justice"),
    gettext_noop("Awareness"),
    gettext_noop("Resilience and participation"),
    gettext_noop("Strengthened capacities"),
    gettext_noop("Legal, regulatory and policy frameworks"),
    gettext_noop("Research and data"),
    gettext_noop("Awareness-raising"),
    gettext_noop("Advocacy"),
    gettext_noop("Normative work"),
    gettext_noop("Technical assistance"),
    gettext_noop("Contexts of insecurity"),
    gettext_noop("Justice systems"),
    gettext_noop("Cyberspace"),
    gettext_noop("Children on the move"),
    gettext_noop("Investment case"),
    gettext_noop("Deprivation of liberty"),
    gettext_noop("Online protection"),
    gettext_noop("Trafficking"),
    gettext_noop("Child marriage"),
    gettext_noop("Female genital mutilation"),
    gettext_noop("Corporal punishment"),
    gettext_noop("Climate"),
    gettext_noop("Disability"),
    gettext_noop("Child participation"),
    gettext_noop("Gender"),
    gettext_noop("Member State government"),
    gettext_noop("UN entity"),
    gettext_noop("Regional organization"),
    gettext_noop("National human rights institution"),
    gettext_noop("Civil society"),
    gettext_noop("Faith-based organization"),
    gettext_noop("Private sector"),
    gettext_noop("Academia"),
    gettext_noop("Children"),
    gettext_noop("Parliament"),
    gettext_noop("Judiciary"),
    gettext_noop("Media"),
)
# fmt: on
