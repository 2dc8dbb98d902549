#!/usr/bin/env bash
# A pinentry for tests: speaks pinentry's side of Assuan and answers from files the test
# writes. PINENTRY_DIR/pin: the PIN GETPIN answers (missing, or the word CANCEL: cancelled);
# PINENTRY_DIR/confirm: "yes" to press OK on CONFIRM (anything else declines). Every SETDESC,
# CONFIRM and GETPIN is appended to PINENTRY_DIR/log (never the PIN), so that the test can check
# what the holder was shown.
set -u
dir=${PINENTRY_DIR:?PINENTRY_DIR is not set}
echo "OK Pleased to meet you"
while IFS= read -r line; do
  verb=${line%% *}
  case "$verb" in
    SETDESC) echo "SETDESC ${line#SETDESC }" >> "$dir/log"; echo OK ;;
    CONFIRM)
      echo "CONFIRM" >> "$dir/log"
      if [ "$(cat "$dir/confirm" 2> /dev/null)" = yes ]; then echo OK; else echo "ERR 83886194 Not confirmed <Pinentry>"; fi ;;
    GETPIN)
      echo "GETPIN" >> "$dir/log"
      pin=$(cat "$dir/pin" 2> /dev/null || echo CANCEL)
      if [ "$pin" = CANCEL ]; then echo "ERR 83886179 Operation cancelled <Pinentry>"; else printf 'D %s\nOK\n' "$pin"; fi ;;
    BYE) echo "OK closing connection"; exit 0 ;;
    *) echo OK ;;
  esac
done
