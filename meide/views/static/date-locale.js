// Date pickers in the page's language (loaded by meide.views.date_locale).
//
// Bokeh's widgets bundle (DatePicker) and Panel's bundle (DatetimePicker) each carry their own
// copy of flatpickr and assign it to window.flatpickr as they load, so flatpickr.localize()
// would reach only the copy loaded last. This script is loaded between the two: it takes the
// copy already assigned and, through a setter on window.flatpickr, every copy assigned later.
// Each copy's default locale becomes a getter read when a calendar is made, so a calendar
// follows the language the address names then (?locale=, which the console keeps in step
// with the session's language), else the server's default language.
(function () {
  "use strict";

  var DEFAULT_LANGUAGE = "zh_CN";          // meide.i18n.DEFAULT_LOCALE
  // flatpickr's own Mandarin locale (its l10n/zh.ts, MIT licence), and weeks beginning on
  // Monday as the national standard counts them (GB/T 7408).
  var MANDARIN = {
    weekdays: {
      shorthand: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      longhand: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"]
    },
    months: {
      shorthand: ["一月", "二月", "三月", "四月", "五月", "六月",
                  "七月", "八月", "九月", "十月", "十一月", "十二月"],
      longhand: ["一月", "二月", "三月", "四月", "五月", "六月",
                 "七月", "八月", "九月", "十月", "十一月", "十二月"]
    },
    firstDayOfWeek: 1,
    rangeSeparator: " 至 ",
    weekAbbreviation: "周",
    scrollTitle: "滚动切换",
    toggleTitle: "点击切换 12/24 小时时制",
    amPM: ["上午", "下午"],
    monthAriaLabel: "月",
    hourAriaLabel: "小时",
    minuteAriaLabel: "分钟"
  };
  // What each language changes in flatpickr's English default (meide.i18n.LANGUAGES).
  var LOCALES = {zh_CN: MANDARIN, en: {}};

  function language() {
    var asked = new URLSearchParams(window.location.search).get("locale");
    return Object.prototype.hasOwnProperty.call(LOCALES, asked) ? asked : DEFAULT_LANGUAGE;
  }

  function follow(copy) {
    if (!copy || !copy.l10ns || copy.meideLocalized) {
      return;
    }
    var base = copy.l10ns["default"];     // English, or what flatpickr.localize() set since
    Object.defineProperty(copy.l10ns, "default", {
      configurable: true,
      enumerable: true,
      get: function () { return Object.assign({}, base, LOCALES[language()]); },
      set: function (value) { base = value; }
    });
    copy.meideLocalized = true;
  }

  var current = window.flatpickr;
  follow(current);
  Object.defineProperty(window, "flatpickr", {
    configurable: true,
    enumerable: true,
    get: function () { return current; },
    set: function (copy) { follow(copy); current = copy; }
  });
})();
