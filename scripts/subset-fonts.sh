#!/usr/bin/env bash
# Rebuilds the PDF report's fonts in fonts/ from Debian's Noto fonts (SIL Open Font License 1.1), cut down to the
# scripts the report renders, without hinting (PDF viewers do not use it), with the OpenType layout features a text
# needs (Arabic joining forms and required ligatures, marks, kerning; no small caps, old-style figures or stylistic
# sets). Run by hand when a script is added; the output is committed and nothing is fetched at run time.
#   apt-get install fonts-noto-core fonttools && bash scripts/subset-fonts.sh
set -euo pipefail
src=/usr/share/fonts/truetype/noto
out="$(cd "$(dirname "$0")/.." && pwd)/fonts"
mkdir -p "$out"

subset() { # font file, output name, unicode ranges
	pyftsubset "$src/$1" --output-file="$out/$2" --unicodes="$3" \
		--layout-features='ccmp,locl,mark,mkmk,kern,liga,clig,calt,rlig,rclt,init,medi,fina,isol,med2,fin2,fin3,curs,rtlm' --no-hinting --name-IDs='*' --name-languages='*' --notdef-outline --drop-tables+=DSIG
}

# Latin (with Polish, Turkish, Vietnamese and the other European letters), Greek, Cyrillic, punctuation, currency.
LATIN='U+0000-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-218F,U+FB00-FB06,U+FEFF,U+FFFD'
# Arabic (with Persian and Urdu letters), its presentation forms, and the joining controls.
ARABIC='U+0600-06FF,U+0750-077F,U+0870-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,U+0020,U+00A0'
# Hebrew, its presentation forms, and the new shekel sign.
HEBREW='U+0590-05FF,U+FB1D-FB4F,U+200C-200F,U+20AA,U+0020,U+00A0'
# Arrows and a few mathematical signs (→ in "Opening → Fears and stigma", ≥ in reasons).
SYMBOLS='U+2190-2199,U+21D0-21D5,U+2212,U+2260,U+2264-2265,U+2248,U+221E'

for style in Regular Bold Italic; do subset "NotoSans-$style.ttf" "NotoSans-$style.ttf" "$LATIN"; done
for style in Regular Bold; do
	subset "NotoSansArabic-$style.ttf" "NotoSansArabic-$style.ttf" "$ARABIC"
	subset "NotoSansHebrew-$style.ttf" "NotoSansHebrew-$style.ttf" "$HEBREW"
done
subset NotoSansMath-Regular.ttf NotoSansMath-Regular.ttf "$SYMBOLS"
ls -l "$out"/*.ttf
