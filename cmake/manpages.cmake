# Man pages and shell completions, written at build time by the obsctl just built, from its own
# CLI11 tree and help text (`obsctl manpages DIR`, `obsctl completion SHELL`): they cannot say
# anything `--help` does not. Laid out under ${CMAKE_BINARY_DIR}/share as they are installed.
set(OBSCTL_SHARE_DIR ${CMAKE_BINARY_DIR}/share)
set(OBSCTL_MAN1_DIR ${OBSCTL_SHARE_DIR}/man/man1)
set(OBSCTL_COMPLETIONS
  bash ${OBSCTL_SHARE_DIR}/bash-completion/completions/obsctl
  zsh ${OBSCTL_SHARE_DIR}/zsh/vendor-completions/_obsctl
  fish ${OBSCTL_SHARE_DIR}/fish/vendor_completions.d/obsctl.fish)

# One page per command (obsctl-stack-up.1 ...): the directory is written afresh, so a command
# that went away leaves no page behind. obsctl.1 and obsctl-run.1 stand for the whole set.
add_custom_command(
  OUTPUT ${OBSCTL_MAN1_DIR}/obsctl.1 ${OBSCTL_MAN1_DIR}/obsctl-run.1
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${OBSCTL_MAN1_DIR}
  # Defaults under the home directory (--state-dir) as a reader's, not the builder's.
  COMMAND ${CMAKE_COMMAND} -E env --unset=XDG_STATE_HOME HOME=~
          $<TARGET_FILE:obsctl> manpages ${OBSCTL_MAN1_DIR}
  DEPENDS obsctl
  COMMENT "Man pages from obsctl's help"
  VERBATIM)
set(generated ${OBSCTL_MAN1_DIR}/obsctl.1 ${OBSCTL_MAN1_DIR}/obsctl-run.1)

while(OBSCTL_COMPLETIONS)
  list(POP_FRONT OBSCTL_COMPLETIONS shell file)
  get_filename_component(dir ${file} DIRECTORY)
  add_custom_command(
    OUTPUT ${file}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND sh -c "\"$0\" completion ${shell} > \"$1\"" $<TARGET_FILE:obsctl> ${file}
    DEPENDS obsctl
    COMMENT "${shell} completion for obsctl"
    VERBATIM)
  list(APPEND generated ${file})
  file(RELATIVE_PATH dir_rel ${OBSCTL_SHARE_DIR} ${dir})
  install(FILES ${file} DESTINATION ${CMAKE_INSTALL_DATADIR}/${dir_rel})
endwhile()
add_custom_target(obsctl_manpages_and_completions ALL DEPENDS ${generated})

install(DIRECTORY ${OBSCTL_MAN1_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
