"""Regenerate the bundled sample site from the texts below.

    python safecity/sample_site/_build.py

All pages, sitemap.xml, robots.txt, expected.json and README.md in this folder are written by this
script and committed as plain files; nothing at run time imports or runs it. Edit the texts here and
re-run it rather than editing the generated files by hand (the GBK pages are hard to edit anyway).

Every page is fictional and was written for safecity-watch. Publishers use the reserved `.example`
top-level domain; `.gov.example` hosts are governments, `.vendor.example` vendors, `.ngo.example`
NGOs, anything else media.
"""

from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# Publishers: host, display name, kind (by host suffix), template style and boilerplate.
# --------------------------------------------------------------------------------------------

PUBLISHERS: dict[str, dict[str, Any]] = {
    "belgrade-daily": {
        "host": "www.belgrade-daily.example",
        "name": "Belgrade Daily",
        "style": "news_en",
        "tagline": "News from Serbia and the region since 1994",
        "sections": ["Serbia", "Belgrade", "Region", "Business", "Sport", "Culture", "Opinion"],
        "most_read": [
            "Sava promenade to close for a week of repairs",
            "Red Star book their place in the cup semi-final",
            "Heating bills: what changes in the new season",
            "Five new bus lines from next month",
        ],
        "footer": "Belgrade Daily d.o.o. · Terazije 1, Belgrade · redakcija@belgrade-daily.example",
        "color": "#8b1a1a",
    },
    "interior": {
        "host": "www.interior.gov.example",
        "name": "Ministry of Interior of the Republic of Serbia",
        "style": "gov_en",
        "sections": ["Home", "About the Ministry", "Press releases", "Services", "Documents", "Contact"],
        "footer": "Ministry of Interior · Kneza Miloša 101, 11000 Belgrade · Call centre 192",
        "color": "#1f3a68",
    },
    "nairobi-tribune": {
        "host": "www.nairobi-tribune.example",
        "name": "The Nairobi Tribune",
        "style": "news_en",
        "tagline": "Kenya's independent daily",
        "sections": ["News", "Counties", "Business", "Sports", "Opinion", "Lifestyle"],
        "most_read": [
            "Matatu fares unchanged despite fuel levy",
            "Harambee Stars name squad for qualifier",
            "Maize flour prices ease in city supermarkets",
            "KCSE candidates begin exams on Monday",
        ],
        "footer": "The Nairobi Tribune Ltd · Kimathi Street, Nairobi · newsdesk@nairobi-tribune.example",
        "color": "#0b5d1e",
    },
    "nairobi-county": {
        "host": "nairobi-county.gov.example",
        "name": "Nairobi City County Government",
        "style": "gov_en",
        "sections": ["Home", "The County", "Departments", "Notices", "Tenders", "e-Services", "Contact"],
        "footer": "Nairobi City County · City Hall, City Hall Way · P.O. Box 30075-00100, Nairobi",
        "color": "#2e6b30",
    },
    "punjab-herald": {
        "host": "www.punjab-herald.example",
        "name": "Punjab Herald",
        "style": "news_en",
        "tagline": "Lahore · Punjab · Pakistan",
        "sections": ["Pakistan", "Punjab", "Business", "World", "Sports", "Editorial"],
        "most_read": [
            "Orange Line trial runs extended by a month",
            "Smog advisory issued for the weekend",
            "Wheat procurement target raised",
            "Test squad announced for the home series",
        ],
        "footer": "Punjab Herald · Mall Road, Lahore · letters@punjab-herald.example",
        "color": "#14532d",
    },
    "surveillance-watch": {
        "host": "www.surveillance-watch.ngo.example",
        "name": "Surveillance Watch",
        "style": "ngo_en",
        "sections": ["Research", "Countries", "Campaigns", "Press", "About", "Donate"],
        "footer": "Surveillance Watch is an independent, non-profit research organisation. "
        "Registered charity no. 000000.",
        "color": "#5b2a86",
    },
    "bishkek-bulletin": {
        "host": "www.bishkek-bulletin.example",
        "name": "Bishkek Bulletin",
        "style": "news_en",
        "tagline": "English-language news from Kyrgyzstan",
        "sections": ["Kyrgyzstan", "Central Asia", "Economy", "Society", "Travel"],
        "most_read": [
            "Parliament passes new tax code at second reading",
            "Spring sowing ahead of schedule, ministry says",
            "Som steady against the dollar",
            "Wrestlers bring home three gold medals",
        ],
        "footer": "Bishkek Bulletin · Chui Avenue, Bishkek · editor@bishkek-bulletin.example",
        "color": "#b91c1c",
    },
    "asia-telecom": {
        "host": "www.asia-telecom-wire.example",
        "name": "Asia Telecom Wire",
        "style": "news_en",
        "tagline": "Networks, spectrum and the business of connectivity",
        "sections": ["Mobile", "Spectrum", "Fibre", "Devices", "Policy", "Events"],
        "most_read": [
            "Operators weigh network sharing to cut costs",
            "Undersea cable landing approved",
            "Spectrum auction dates set",
            "Prepaid ARPU edges up in the second quarter",
        ],
        "footer": "Asia Telecom Wire · Singapore · tips@asia-telecom-wire.example",
        "color": "#0e4c92",
    },
    "lanka-ledger": {
        "host": "www.lanka-ledger.example",
        "name": "The Lanka Ledger",
        "style": "news_en",
        "tagline": "Business and politics in Sri Lanka",
        "sections": ["Local", "Business", "Politics", "World", "Sport", "Features"],
        "most_read": [
            "Tea auction prices climb for third week",
            "Port City land sales open to foreign buyers",
            "Monsoon delays rail repairs in the hill country",
            "Cricket board names new selectors",
        ],
        "footer": "The Lanka Ledger (Pvt) Ltd · Colombo 03 · news@lanka-ledger.example",
        "color": "#7c2d12",
    },
    "kl-metro": {
        "host": "www.kl-metro-news.example",
        "name": "KL Metro News",
        "style": "news_en",
        "tagline": "The capital, every day",
        "sections": ["Metro", "Nation", "Business", "Food", "Sport", "Opinion"],
        "most_read": [
            "MRT extension opens three new stations",
            "Nasi lemak price survey: where it costs the most",
            "Flash floods close two roads in Kepong",
            "Weekend car-free morning returns to Dataran",
        ],
        "footer": "KL Metro News Sdn Bhd · Jalan Sultan Ismail, Kuala Lumpur · metro@kl-metro-news.example",
        "color": "#1d4ed8",
    },
    "techpulse": {
        "host": "www.techpulse-review.example",
        "name": "TechPulse",
        "style": "news_en",
        "tagline": "Phones, laptops and gadgets, tested",
        "sections": ["Reviews", "Phones", "Laptops", "Audio", "Deals", "How-to"],
        "most_read": [
            "The best budget earbuds we have tested",
            "How to move your chats to a new phone",
            "Laptop battery myths, checked",
            "Our favourite phone cases this year",
        ],
        "footer": "TechPulse · Independent reviews, no paid placements · hello@techpulse-review.example",
        "color": "#111827",
    },
    "upf": {
        "host": "www.upf.gov.example",
        "name": "Uganda Police Force",
        "style": "gov_en",
        "sections": ["Home", "About UPF", "Directorates", "Press", "Documents", "Contact"],
        "footer": "Uganda Police Force Headquarters · Naguru, Kampala · Emergency 999",
        "color": "#1e3a8a",
    },
    "sino-world": {
        "host": "www.sino-world-news.example",
        "name": "华夏世界新闻网",
        "style": "news_zh",
        "sections": ["首页", "国际", "国内", "财经", "科技", "军事", "评论", "图片"],
        "related": ["中欧班列开行数量再创新高", "多国企业参加进博会招商推介", "外汇局：跨境资金流动总体平稳"],
        "footer": "华夏世界新闻网 版权所有 未经授权禁止转载 | 关于我们 | 联系我们 | 广告服务",
        "color": "#b00000",
    },
    "zhongfei": {
        "host": "www.zhongfei-shibao.example",
        "name": "中非时报",
        "style": "news_zh",
        "sections": ["首页", "非洲新闻", "中非合作", "经贸", "侨社", "旅游", "视频"],
        "related": ["中资企业在非洲举办招聘会", "东非共同体峰会闭幕", "非洲咖啡出口量稳步增长"],
        "footer": "中非时报 版权所有 | 投稿邮箱：tougao@zhongfei-shibao.example",
        "color": "#a0522d",
    },
    "silkroad": {
        "host": "www.silkroad-jingji.example",
        "name": "丝路经济网",
        "style": "news_zh",
        "sections": ["首页", "一带一路", "项目动态", "国别研究", "企业", "数据"],
        "related": ["中巴经济走廊物流通道建设提速", "中巴经济走廊能源项目进展顺利", "中亚五国贸易额持续增长"],
        "footer": "丝路经济网 版权所有 | 联系电话：010-00000000",
        "color": "#9a3412",
    },
    "yazhou": {
        "host": "www.yazhou-kuaixun.example",
        "name": "亚洲快讯",
        "style": "news_zh",
        "sections": ["首页", "南亚", "东南亚", "东北亚", "中亚", "财经", "专题"],
        "related": ["南亚区域合作联盟举行部长级会议", "东盟国家旅游业强劲复苏", "区域航空公司增开多条航线"],
        "footer": "亚洲快讯 版权所有 | 本站信息仅供参考",
        "color": "#1e40af",
    },
    "wanxiang": {
        "host": "www.wanxiang-shibao.example",
        "name": "万象时报",
        "style": "news_zh",
        "sections": ["首页", "老挝要闻", "中老合作", "经济", "社会", "华人社区"],
        "related": ["中老铁路沿线站房建设加快", "万象湄公河畔夜市重新开放", "老挝咖啡节将于下月举行"],
        "footer": "万象时报 版权所有 | 地址：老挝万象 | 投稿：news@wanxiang-shibao.example",
        "color": "#166534",
    },
    "tongxin": {
        "host": "www.tongxin-shijie.example",
        "name": "通信世界观察",
        "style": "news_zh",
        "sections": ["首页", "运营商", "5G", "光通信", "终端", "政策", "海外"],
        "related": ["三大运营商公布上半年业绩", "Wi-Fi 6 路由器出货量快速增长", "光纤到户覆盖率进一步提高"],
        "footer": "通信世界观察 版权所有 | 京ICP备00000000号",
        "color": "#0f766e",
    },
    "jiaoyu": {
        "host": "www.jiaoyu-keji.example",
        "name": "教育科技网",
        "style": "news_zh",
        "sections": ["首页", "智慧教育", "职业教育", "国际交流", "产品", "活动"],
        "related": ["在线教育平台用户规模持续扩大", "职业院校举办技能大赛", "多地推进中小学课后服务"],
        "footer": "教育科技网 版权所有 | 合作联系：hezuo@jiaoyu-keji.example",
        "color": "#4338ca",
    },
    "huawei-e": {
        "host": "e.huawei.vendor.example",
        "name": "华为企业业务",
        "style": "vendor_zh",
        "sections": ["产品", "解决方案", "行业", "成功案例", "服务与支持", "合作伙伴", "关于我们"],
        "footer": "版权所有 © 华为技术有限公司 | 隐私政策 | 法律声明 | 联系我们",
        "color": "#c7000b",
    },
    "huawei-www": {
        "host": "www.huawei.vendor.example",
        "name": "华为",
        "style": "vendor_zh",
        "sections": ["消费者业务", "企业业务", "运营商业务", "新闻中心", "投资者关系", "关于华为"],
        "footer": "版权所有 © 华为技术有限公司 | 隐私政策 | 使用条款 | 联系我们",
        "color": "#c7000b",
    },
}


def site_kind(host: str) -> str:
    for suffix, kind in ((".gov.example", "government"), (".vendor.example", "vendor"),
                         (".ngo.example", "ngo")):
        if host.endswith(suffix):
            return kind
    return "media"


# --------------------------------------------------------------------------------------------
# Article pages. `truth` is what an analyst would conclude: an agreement (vendor, country, city,
# year, products) or a near miss (why), or something else (private, broken).
# `charset` is how the encoding is declared: "utf-8", "gbk" (meta charset), "gb2312-http-equiv",
# or None (no declaration at all).
# --------------------------------------------------------------------------------------------

PAGES: list[dict[str, Any]] = [
    # ---------------------------------------------------------------- Serbia, Belgrade
    {
        "path": "/news/serbia-belgrade.html",
        "publisher": "belgrade-daily",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-02-05",
        "author": "Ana Petrović",
        "title": "Belgrade to get 1,000 smart cameras as Huawei deal moves ahead",
        "description": "The interior ministry says cameras able to recognise faces and read licence "
        "plates will go up across the Serbian capital this year.",
        "truth": {"agreement": ("huawei", "RS", "Belgrade", 2017),
                  "products": ["safe_city", "cctv", "facial_recognition",
                               "license_plate_recognition", "command_center",
                               "video_surveillance"]},
        "body": """
<p>Serbia's interior ministry will start mounting the first of 1,000 high-definition surveillance
cameras on Belgrade's streets this spring, officials said on Tuesday, using equipment from the
Chinese technology group Huawei. The rollout follows a memorandum of understanding that the ministry
and Huawei signed in 2017 to turn the capital into what both sides call a &ldquo;Safe City&rdquo;.</p>
<p>According to a ministry presentation shown to reporters, the cameras come with software for
facial recognition and licence-plate recognition, and their feeds will be brought together in a
monitoring and command centre at the city's police headquarters. Officers there will be able to
search recorded footage for a particular face or vehicle, the presentation said.</p>
<p>The first sites are busy junctions, the squares of the old town and the approaches to the bridges
across the Sava. Officials would not say what the equipment costs, saying only that the purchase was
covered by the strategic partnership with the Chinese company.</p>
<p>Huawei has already used the capital in its marketing. A case study on the company's website,
since removed, presented the project as a reference site for its video surveillance systems in
Europe and said the first cameras had been tested at a handful of locations in 2017.</p>
<p>Digital-rights campaigners want the ministry to publish a data-protection impact assessment
first. &ldquo;People are being asked to accept a thousand cameras that can identify them, without
being told how long the images are kept or who may look at them,&rdquo; said a lawyer who advises a
local civil-liberties foundation.</p>
<p>The ministry said in a statement that the system would be used in line with Serbian law and that
its only aim was safer streets. Huawei's local office did not reply to questions sent by email.</p>
""",
    },
    {
        "path": "/gov/interior/belgrade-video-surveillance-2019.html",
        "publisher": "interior",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-03-14",
        "author": "Public Relations Office",
        "title": "Installation of video surveillance cameras begins in Belgrade",
        "description": "Notice on the first phase of the Safe Society video surveillance system, "
        "delivered together with Huawei Technologies.",
        "truth": {"agreement": ("huawei", "RS", "Belgrade", 2017),
                  "products": ["video_surveillance", "facial_recognition",
                               "license_plate_recognition", "command_center"]},
        "body": """
<p>The Ministry of Interior of the Republic of Serbia informs the public that the installation of
cameras for the new video surveillance system in Belgrade has begun. The system is part of the
Safe Society project and is being delivered together with Huawei Technologies, under the memorandum
of understanding on strategic partnership that the Ministry concluded with the company in 2017.</p>
<p>In the first phase, cameras will be installed at about 800 locations on the territory of the City
of Belgrade. The equipment includes software for face recognition and automatic recognition of
licence plates. Images will be processed in the Ministry's data centre and followed by duty officers
in the operational command centre of the Police Directorate for the City of Belgrade.</p>
<p>The aims of the project are:</p>
<ul>
<li>faster detection of criminal offences and serious traffic violations;</li>
<li>a quicker response by police patrols;</li>
<li>better-quality evidence in criminal and misdemeanour proceedings;</li>
<li>greater safety of citizens in public places.</li>
</ul>
<p>Personal data will be processed in accordance with the Law on Personal Data Protection. The
Ministry will publish the data protection impact assessment once the Commissioner for Information of
Public Importance and Personal Data Protection has reviewed it.</p>
<p>Questions about the project may be sent to the Ministry's Public Relations Office.</p>
""",
    },
    {
        "path": "/zh/world/2017-serbia-belgrade-safe-city.html",
        "publisher": "sino-world",
        "lang": "zh",
        "encoding": "gbk",
        "charset": "gbk",
        "date": "2017-12-21",
        "time": "09:15",
        "author": "林舟",
        "title": "华为与塞尔维亚内务部签署平安城市合作备忘录",
        "description": "塞尔维亚内务部与华为签署谅解备忘录，双方将在贝尔格莱德建设平安城市示范项目，"
        "部署高清视频监控和人脸识别系统。",
        "truth": {"agreement": ("huawei", "RS", "Belgrade", 2017),
                  "products": ["safe_city", "video_surveillance", "facial_recognition",
                               "license_plate_recognition", "cctv", "command_center"]},
        "body": """
<p>本网贝尔格莱德12月20日电（记者 林舟）塞尔维亚内务部与华为技术有限公司20日在贝尔格莱德签署平安城市合作谅解备忘录。根据备忘录，华为将为塞尔维亚首都贝尔格莱德提供平安城市整体解决方案，首期工程以高清视频监控为主，同时引入人脸识别和车牌识别技术。</p>
<p>据塞方介绍，项目计划在未来几年内在贝尔格莱德全市部署约1000个高清摄像头，覆盖主要路口、广场、桥梁和交通枢纽。所有视频画面将接入贝尔格莱德警察局的指挥中心，由值班民警统一查看和调度。</p>
<p>塞尔维亚内务部官员在签字仪式上表示，平安城市项目将帮助警方更快地发现和处置各类案件，提升首都的治安水平。他说，塞方看重华为在其他国家积累的建设经验，希望把贝尔格莱德打造成地区的示范城市。</p>
<p>华为塞尔维亚代表处负责人表示，公司将派出专业团队，与塞方共同做好项目设计和实施，并为当地警方提供技术培训。</p>
<p>近年来，中塞两国在交通、能源、通信等领域的务实合作不断推进。分析人士认为，此次合作是中国信息通信企业进入中东欧公共安全市场的又一例证。</p>
""",
    },
    {
        "path": "/zh/huawei/belgrade-safe-city-case.html",
        "publisher": "huawei-e",
        "lang": "zh",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-04-18",
        "author": "华为企业业务",
        "title": "贝尔格莱德平安城市：智能视频守护塞尔维亚首都",
        "description": "华为与塞尔维亚内务部合作建设贝尔格莱德平安城市，首期项目投入使用后，"
        "试点区域警情处置时间由10分钟缩短至4.5分钟。",
        "truth": {"agreement": ("huawei", "RS", "Belgrade", 2017),
                  "products": ["safe_city", "video_surveillance", "facial_recognition",
                               "license_plate_recognition", "command_center"]},
        "body": """
<p>塞尔维亚首都贝尔格莱德是巴尔干地区重要的交通和商贸中心。随着城市规模扩大，传统的人力巡逻已难以满足治安需求。2017年，塞尔维亚内务部与华为签署合作协议，双方联合打造以智能视频监控为核心的贝尔格莱德平安城市示范项目。</p>
<h2>方案亮点</h2>
<ul>
<li><strong>高清视频监控：</strong>在贝尔格莱德市区的重点区域部署高清摄像机，实现全天候覆盖。</li>
<li><strong>智能分析：</strong>依托视频云平台，提供人脸识别、车牌识别等智能分析能力，可在海量录像中快速检索目标人员和车辆。</li>
<li><strong>统一指挥：</strong>建设警察局指挥中心，融合视频、警情和地图信息，实现可视化指挥调度。</li>
<li><strong>宽带集群：</strong>为一线警员配备eLTE宽带集群终端，现场画面实时回传。</li>
</ul>
<h2>项目成效</h2>
<p>首期工程投入使用后，试点区域的治安状况明显改善。据项目组统计，试点区域内暴力犯罪同比下降15%，案件破案率提升45%，警情处置时间由原来的10分钟缩短至4.5分钟，市民满意度由60.2%提升至98.3%。</p>
<blockquote>“华为的方案帮助我们更早发现问题、更快到达现场。”——塞尔维亚内务部项目负责人</blockquote>
<p>下一步，双方计划把贝尔格莱德的建设经验推广到塞尔维亚其他城市。</p>
""",
    },
    # ---------------------------------------------------------------- Kenya, Nairobi
    {
        "path": "/news/nairobi-command-centre.html",
        "publisher": "nairobi-tribune",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2015-05-27",
        "author": "Wanjiru Kamau",
        "title": "Police switch on Nairobi command centre linking 1,800 CCTV cameras",
        "description": "The Safaricom-Huawei Safe City network gives officers a live view of the "
        "capital's main roads and the CBD.",
        "truth": {"agreement": ("huawei", "KE", "Nairobi", 2014),
                  "products": ["safe_city", "command_center", "cctv",
                               "license_plate_recognition", "video_surveillance"]},
        "body": """
<p><strong>NAIROBI</strong> &mdash; The National Police Service yesterday opened a command and control
centre in Nairobi that pulls together live pictures from about 1,800 CCTV cameras, the centrepiece of
a Safe City system built for the Kenyan government by Safaricom with equipment from China's
Huawei.</p>
<p>The cameras, mounted on poles along major roads, at roundabouts and across the central business
district, can read number plates and alert the centre when a vehicle on a police watch list drives
past. Officers on duty can also dispatch patrols and talk to them over a new secure radio and
broadband network that is part of the same contract.</p>
<p>Safaricom won the contract in 2014 in a deal worth about KSh 15 billion. Under the arrangement,
Huawei supplied the cameras, the communications network and the video surveillance software, while
Safaricom operates the system on the government's behalf.</p>
<p>Interior ministry officials said the network would help police respond faster to crime and to
terror threats in the capital. A second installation, in Mombasa, is due to follow.</p>
<p>Not everyone is convinced. A researcher at a Nairobi governance think tank said the public had
been told little about who can view the footage, and pointed out that the contract was awarded
without competitive tendering.</p>
<p>Police said they would publish figures on the system's impact after its first year.</p>
""",
    },
    {
        "path": "/gov/nairobi-county/cctv-public-notice.html",
        "publisher": "nairobi-county",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2016-08-10",
        "author": "Office of the County Secretary",
        "title": "Public notice: county CCTV cameras to join the national Safe City system",
        "description": "County cameras at markets, bus termini and county offices will be connected "
        "to the Safe City video surveillance system of the National Police Service.",
        "truth": {"agreement": ("huawei", "KE", "Nairobi", 2014),
                  "products": ["safe_city", "cctv", "video_surveillance", "command_center"]},
        "body": """
<p><strong>PUBLIC NOTICE</strong></p>
<p>The County Government of Nairobi City hereby notifies residents, business owners and building
managers that the CCTV cameras installed by the County at markets, bus termini and county offices
will be connected to the national Safe City video surveillance system, which the National Police
Service of Kenya operates with equipment supplied by Huawei through Safaricom.</p>
<p>Once connected, pictures from county cameras will be viewed at the national police command
centre in Nairobi alongside the existing Safe City cameras. The County's own control room at City
Hall will continue to watch county premises.</p>
<p>Owners of private premises within the Central Business District who wish to share their camera
feeds with the police may register with the County Inspectorate Department. Registration is
voluntary.</p>
<p>The County reminds the public that all footage is handled in accordance with the Constitution
and the applicable laws of Kenya.</p>
<p>COUNTY SECRETARY AND HEAD OF THE COUNTY PUBLIC SERVICE</p>
""",
    },
    {
        "path": "/zh/africa/kenya-nairobi-safe-city.html",
        "publisher": "zhongfei",
        "lang": "zh",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2016-05-12",
        "time": "14:20",
        "author": "赵明远",
        "title": "肯尼亚平安城市运行一年 华为称覆盖区域犯罪率下降46%",
        "description": "由华为承建的内罗毕平安城市视频监控系统运行满一年，华为称2015年覆盖区域"
        "犯罪率同比下降46%，但警方统计的降幅要小得多。",
        "truth": {"agreement": ("huawei", "KE", "Nairobi", 2014),
                  "products": ["safe_city", "video_surveillance", "cctv", "command_center",
                               "license_plate_recognition"]},
        "body": """
<p>【中非时报 内罗毕讯】由华为承建的肯尼亚内罗毕平安城市视频监控系统投入运行已满一年。华为方面日前表示，2015年项目覆盖区域的犯罪率比上一年下降了46%，首都治安状况有所好转。</p>
<p>该项目由肯尼亚最大的电信运营商Safaricom总承包，华为提供设备和技术，于2014年签约。项目在内罗毕主要道路和中央商务区部署了约1800个高清摄像头，并建设了国家警察署指挥中心，民警可以通过大屏幕实时查看路面情况，并通过宽带集群系统调度巡逻警力。项目还覆盖了港口城市蒙巴萨。</p>
<p>华为介绍说，系统上线后，警方对突发事件的响应时间明显缩短，车牌识别功能也帮助警方多次追回被盗车辆。</p>
<p>不过，肯尼亚国家警察署公布的年度犯罪统计显示，2015年内罗毕报案数量的降幅远小于华为公布的数字。当地学者认为，犯罪率变化受多种因素影响，仅凭摄像头难以说明问题。</p>
<p>肯尼亚内政部表示，将研究把平安城市系统扩展到更多城镇。</p>
""",
    },
    # ---------------------------------------------------------------- Pakistan, Lahore
    {
        "path": "/news/lahore-safe-city-launch.html",
        "publisher": "punjab-herald",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2018-04-09",
        "author": "Bilal Qureshi",
        "title": "Lahore Safe City project fully operational, says PSCA",
        "description": "The Punjab Safe Cities Authority says 8,000 cameras now feed the "
        "Qurban Lines command centre.",
        "truth": {"agreement": ("huawei", "PK", "Lahore", 2016),
                  "products": ["safe_city", "command_center", "license_plate_recognition",
                               "facial_recognition", "cctv"]},
        "body": """
<p><strong>LAHORE:</strong> The Punjab Safe Cities Authority (PSCA) says its Lahore Safe City
project is now fully operational, with some 8,000 cameras at roughly 1,800 sites across the city
streaming video to the Integrated Command, Control and Communication Centre (IC3) at Qurban Lines.
The network, one of the largest of its kind in Pakistan, was built by Huawei, which signed the
contract with the Punjab government in 2016.</p>
<p>PSCA officials said the cameras are linked to automatic number plate recognition (ANPR) software
that checks passing vehicles against lists of stolen and wanted cars, and that a facial recognition
module is being tried out at selected entry points to the city.</p>
<p>The authority also uses the network to issue electronic traffic tickets. Since the e-challan
system began, it said, more than 300,000 tickets have been posted to motorists' home addresses.</p>
<p>PSCA says the average time taken to respond to emergency calls has fallen sharply since the
Rescue 15 police helpline moved into the IC3 building, and credits the cameras with helping to solve
several high-profile cases. The figures could not be independently verified.</p>
<p>The contract was reported at about Rs 13 billion. The authority plans to take the model to
other cities in the province in the next phase.</p>
""",
    },
    {
        "path": "/zh/asia/lahore-safe-city.html",
        "publisher": "silkroad",
        "lang": "zh",
        "encoding": "gbk",
        "charset": None,
        "date": "2016-06-03",
        "time": "10:05",
        "author": "丝路经济网",
        "title": "华为签约巴基斯坦拉合尔平安城市项目",
        "description": "旁遮普省平安城市管理局与华为签署拉合尔平安城市项目合同，将部署8000余个高清摄像头"
        "并建设综合指挥控制通信中心。",
        "truth": {"agreement": ("huawei", "PK", "Lahore", 2016),
                  "products": ["safe_city", "cctv", "video_surveillance",
                               "license_plate_recognition", "command_center"]},
        "body": """
<p>本网讯 近日，巴基斯坦旁遮普省平安城市管理局（PSCA）与华为技术有限公司在拉合尔正式签署拉合尔平安城市项目合同。这是中巴经济走廊框架下信息通信领域的又一重要合作项目。</p>
<p>根据合同，华为将在拉合尔市内约1800个地点安装8000余个高清摄像头，建设综合指挥控制通信中心，并提供视频监控、车牌识别、警用宽带集群和应急通信等系统。项目建成后，拉合尔警方、交警和救援部门将在同一平台上协同处置警情。</p>
<p>旁遮普省官员表示，拉合尔是巴基斯坦人口第二大城市，治安和交通压力较大，平安城市项目将显著提升城市管理和公共安全水平。</p>
<p>华为巴基斯坦代表处表示，公司将与当地合作伙伴一道，确保项目按期高质量交付，并为当地培养一批技术人员。</p>
<p>据悉，项目合同金额约为130亿卢比，建设周期约18个月。</p>
""",
    },
    # ---------------------------------------------------------------- Pakistan, Islamabad
    {
        "path": "/zh/asia/islamabad-safe-city.html",
        "publisher": "yazhou",
        "lang": "zh",
        "encoding": "gbk",
        "charset": "gb2312-http-equiv",
        "date": "2016-03-18",
        "time": "16:40",
        "author": "周华",
        "title": "伊斯兰堡平安城市项目投入使用",
        "description": "由华为承建的伊斯兰堡平安城市项目启用，全市部署约1950个高清摄像头，"
        "并建成指挥控制中心。",
        "truth": {"agreement": ("huawei", "PK", "Islamabad", 2016),
                  "products": ["safe_city", "cctv", "license_plate_recognition",
                               "command_center"]},
        "body": """
<p>亚洲快讯 伊斯兰堡讯 由华为承建的巴基斯坦伊斯兰堡平安城市项目日前正式投入使用。巴基斯坦内政部长出席启用仪式，并参观了新建成的指挥控制中心。</p>
<p>该项目由中国进出口银行提供优惠贷款支持，合同金额约1.2亿美元。华为在伊斯兰堡全市部署了约1950个高清摄像头，覆盖主要道路、出入口和重点区域，并配套建设了车牌识别系统和4G警用宽带集群网络。</p>
<p>在指挥控制中心的大屏幕上，值班警员可以实时调看各路视频，一旦发现可疑车辆，系统会自动报警。巴方官员表示，平安城市系统将帮助首都警方提高出警速度，加强对重要场所的安全保护。</p>
<p>据介绍，项目于今年初完工并开始试运行。华为还为伊斯兰堡警方培训了上百名系统操作人员。</p>
""",
    },
    # ---------------------------------------------------------------- Ecuador, Quito
    {
        "path": "/reports/ecuador-ecu911-quito.html",
        "publisher": "surveillance-watch",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-07-16",
        "author": "Surveillance Watch research team",
        "title": "ECU 911: how Quito became a showcase for imported surveillance",
        "description": "Our review of Ecuador's ECU 911 system, built with Chinese contractors "
        "and Huawei equipment since 2011.",
        "truth": {"agreement": ("huawei", "EC", "Quito", 2011),
                  "products": ["cctv", "video_surveillance", "command_center", "safe_city"]},
        "body": """
<p class="summary">Ecuador's ECU 911 emergency system is often held up by its builders as a model
for the region. Our review of procurement records, company brochures and interviews with former
operators finds that the system, started in 2011 by the Chinese state-owned contractor CEIEC with
networking and camera equipment from Huawei, gives police in Quito a dense network of CCTV cameras
and very little independent oversight.</p>
<h2>Key findings</h2>
<ul>
<li>About 4,300 cameras now feed ECU 911 centres across Ecuador. The largest share watches Quito,
where the national command centre sits on a hill above the old town.</li>
<li>Huawei supplied video surveillance equipment and the network that links the cameras to the
centres. Its sales brochures describe the Quito installation as a reference for its
&ldquo;Safe City&rdquo; products.</li>
<li>Footage has reportedly been available to the domestic intelligence service as well as to the
police and emergency services, with no published rules on access.</li>
<li>We found no audit of whether the cameras have reduced crime. Government statements credit the
system with falling crime rates, but without data that can be checked.</li>
</ul>
<h2>Recommendations</h2>
<ol>
<li>Publish the contracts and their annexes, including the technical specifications.</li>
<li>Set up an independent body to review who can view and export recordings.</li>
<li>Commission an independent evaluation before any further expansion.</li>
</ol>
<p>The full report, with sources, is available as a PDF from our publications page.</p>
""",
    },
    # ---------------------------------------------------------------- Mauritius, Port Louis
    {
        "path": "/zh/huawei/mauritius-safe-city.html",
        "publisher": "huawei-www",
        "lang": "zh",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-09-02",
        "author": "华为新闻中心",
        "title": "华为助力毛里求斯平安城市项目全面建成",
        "description": "毛里求斯平安城市项目在全岛部署约4000个高清摄像头，并在路易港建设国家级指挥中心。",
        "truth": {"agreement": ("huawei", "MU", "Port Louis", 2017),
                  "products": ["safe_city", "cctv", "command_center", "video_surveillance",
                               "facial_recognition", "license_plate_recognition"]},
        "body": """
<p>［毛里求斯，路易港］近日，由华为承建的毛里求斯平安城市项目全面建成。项目覆盖毛里求斯全岛，在首都路易港以及主要城镇、旅游区和交通要道部署了约4000个高清摄像头，并在路易港建成了国家级指挥中心。</p>
<p>该项目于2017年签约，由毛里求斯电信公司与华为合作实施，服务对象为毛里求斯警察部队。解决方案包括高清视频监控、人脸识别、车牌识别、智能视频分析以及融合指挥平台，可实现警情的快速发现、快速调度和快速处置。</p>
<p>毛里求斯警方负责人表示：“平安城市让我们第一次拥有了覆盖全岛的‘眼睛’。”</p>
<p>据项目方统计，系统试运行期间，中心城区的街头抢劫案件下降约30%，重点道路交通事故的处置时间缩短了一半。</p>
<p>毛里求斯是印度洋上重要的旅游目的地。当地政府希望借助平安城市建设，为游客和居民营造更加安全的环境。</p>
""",
    },
    # ---------------------------------------------------------------- Zambia, Lusaka
    {
        "path": "/zh/africa/zambia-lusaka-safe-city.html",
        "publisher": "zhongfei",
        "lang": "zh",
        "encoding": "gbk",
        "charset": "gbk",
        "date": "2018-03-27",
        "time": "08:50",
        "author": "刘佳",
        "title": "赞比亚卢萨卡平安城市项目启动建设",
        "description": "赞比亚内政部与华为合作实施卢萨卡平安城市项目，合同金额约2.1亿美元。",
        "truth": {"agreement": ("huawei", "ZM", "Lusaka", 2018),
                  "products": ["safe_city", "video_surveillance", "command_center", "cctv",
                               "license_plate_recognition", "facial_recognition"]},
        "body": """
<p>【中非时报 卢萨卡讯】赞比亚卢萨卡平安城市项目日前举行启动仪式。该项目由赞比亚内政部与华为合作实施，合同金额约2.1亿美元，将在首都卢萨卡建设视频监控网络和全市统一的指挥中心。</p>
<p>根据规划，项目将在卢萨卡主要道路、市场、公交站点和政府机关周边安装数百个高清摄像头，具备车牌识别和人脸识别功能，同时为警方建设数字集群通信网络。</p>
<p>赞比亚内政部官员在仪式上说，卢萨卡人口增长很快，街头犯罪和交通事故时有发生，平安城市项目将为警方提供有力的技术手段。</p>
<p>华为赞比亚代表处负责人表示，华为在非洲多个国家有平安城市建设经验，将确保项目顺利实施。</p>
<p>也有当地议员对项目的融资方式和债务负担表示关切，呼吁政府公开合同细节。</p>
""",
    },
    # ---------------------------------------------------------------- Kyrgyzstan, Bishkek
    {
        "path": "/news/bishkek-safe-city.html",
        "publisher": "bishkek-bulletin",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-04-25",
        "author": "Aida Toktogulova",
        "title": "Bishkek to get \u201cSafe City\u201d cameras under deal with Huawei",
        "description": "The interior ministry says the first stage will put licence-plate cameras "
        "at the capital's busiest intersections.",
        "truth": {"agreement": ("huawei", "KG", "Bishkek", 2019),
                  "products": ["safe_city", "license_plate_recognition", "facial_recognition",
                               "command_center"]},
        "body": """
<p><strong>BISHKEK</strong> &mdash; Kyrgyzstan's Ministry of Internal Affairs and Huawei have agreed
to build a &ldquo;Safe City&rdquo; system for Bishkek, starting with cameras at the capital's busiest
intersections that automatically read license plates and fine drivers for speeding and running red
lights.</p>
<p>A second stage would add facial recognition cameras at the airport, the railway station and other
crowded places, and bring every feed into a situation centre at the ministry, officials told a press
conference on Thursday. The ministry did not disclose the value of the agreement, which it said would
be financed partly with a Chinese loan.</p>
<p>Officials said the system would cut road deaths and help police trace suspects more quickly.
Similar projects run by Huawei elsewhere had reduced street crime &ldquo;by a third or more,&rdquo;
they said &mdash; a figure the company uses in its sales material but which is hard to check.</p>
<p>Rights groups warned that the country has no independent body to oversee how police use the
images, and asked parliament to hold hearings before the cameras go up.</p>
<p>The pilot phase is due to be finished before the end of the year.</p>
""",
    },
    # ---------------------------------------------------------------- Laos, Vientiane
    {
        "path": "/zh/asia/laos-vientiane-safe-city.html",
        "publisher": "wanxiang",
        "lang": "zh",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-11-06",
        "time": "11:30",
        "author": "本报记者",
        "title": "老挝公安部与华为签署万象平安城市项目协议",
        "description": "华为将为万象建设视频监控系统和公安指挥中心，首期工程预计一年内完工。",
        "truth": {"agreement": ("huawei", "LA", "Vientiane", 2019),
                  "products": ["safe_city", "video_surveillance", "command_center", "cctv",
                               "facial_recognition", "license_plate_recognition"]},
        "body": """
<p>本报讯 老挝公安部与华为技术有限公司日前在万象签署平安城市项目合作协议。根据协议，华为将为老挝首都万象建设视频监控系统和公安指挥中心，首期工程预计一年内完工。</p>
<p>项目将在万象市区主要街道、商业区和凯旋门周边安装高清摄像头，结合人脸识别和车牌识别技术，帮助警方打击盗窃、毒品犯罪和交通违法行为。</p>
<p>老挝公安部有关负责人在签约仪式上表示，近年来来老挝的游客和外来人口快速增加，首都治安管理面临新的挑战，希望借助中国企业的技术和经验，提升警方的快速反应能力。</p>
<p>华为老挝代表处表示，将组织精干力量，高质量完成项目建设，并为老方培养技术和运维人才。</p>
<p>近年来，随着中老铁路等重大项目推进，中老两国在基础设施和数字经济领域的合作日益密切。</p>
""",
    },
    # ---------------------------------------------------------------- near misses
    {
        "path": "/news/huawei-5g-thailand.html",
        "publisher": "asia-telecom",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-02-22",
        "author": "Somchai Rattanakul",
        "title": "Huawei and Thai operator switch on 5G test network",
        "description": "The trial uses 2.6 GHz spectrum and targets factories in the Eastern "
        "Economic Corridor.",
        "truth": {"near_miss": "Huawei 5G mobile network in Thailand: telecom infrastructure, "
                  "no surveillance products"},
        "body": """
<p>Huawei and one of Thailand's largest mobile operators have switched on a 5G test network, with
40 base stations around an industrial estate in the Eastern Economic Corridor and a handful more in
central Bangkok.</p>
<p>The trial uses spectrum in the 2.6 GHz band. In a demonstration for journalists, a handset on the
network downloaded data at more than 1.5 gigabits per second, and latency stayed below ten
milliseconds.</p>
<p>The operator said it wanted to show factory owners what the new network could do before the
regulator auctions licences later in the year. Demonstrations included a robot arm steered over the
network from another building and a cloud gaming session streamed to a tablet.</p>
<p>Huawei said it would open a 5G innovation lab for Thai start-ups and train 1,000 local engineers
over three years. Neither company gave a date for a commercial launch.</p>
""",
    },
    {
        "path": "/news/colombo-smart-city-wifi.html",
        "publisher": "lanka-ledger",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-06-11",
        "author": "Dilani Perera",
        "title": "Colombo signs Huawei smart city deal for free Wi-Fi and online services",
        "description": "The municipal council's plan covers public hotspots, an e-services portal "
        "and smarter traffic-light timing.",
        "truth": {"near_miss": "Huawei smart city limited to public Wi-Fi, e-government and "
                  "traffic-light timing: no security products"},
        "body": """
<p>Colombo Municipal Council has signed an agreement with Huawei to turn the Sri Lankan commercial
capital into a &ldquo;smart city&rdquo;, starting with free public Wi-Fi at 400 spots including bus
stands, parks and the Galle Face promenade.</p>
<p>The second part of the deal is an online portal where residents will be able to pay property
rates, renew trade licences and book council halls without queuing at the town hall. The council
said paper forms would be phased out over two years.</p>
<p>Huawei will also upgrade the traffic-light timing at 30 busy junctions, using road sensors that
count vehicles and lengthen or shorten green phases according to the flow. The council expects
morning journey times on Galle Road to fall by up to a fifth.</p>
<p>Council officials said the first phase would cost about 2 billion rupees and be funded from the
city's own budget, with a second phase depending on central government grants.</p>
""",
    },
    {
        "path": "/news/hikvision-kuala-lumpur-cameras.html",
        "publisher": "kl-metro",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-08-20",
        "author": "Nurul Aziz",
        "title": "City Hall picks Hikvision to supply 1,200 new CCTV cameras",
        "description": "The cameras, some with facial recognition, will be watched from City Hall's "
        "control room.",
        "truth": {"near_miss": "Hikvision, a competitor vendor (not a focus vendor), CCTV and facial "
                  "recognition for Kuala Lumpur"},
        "body": """
<p>Kuala Lumpur City Hall (DBKL) has awarded a contract worth RM 60 million to Hikvision to supply
and install 1,200 CCTV cameras in the city centre, Bukit Bintang and around the LRT stations,
doubling the number of council cameras in Malaysia's capital.</p>
<p>About 200 of the cameras will have facial recognition built in, and all of them will be watched
from an upgraded command centre at City Hall that is linked to the police, the council said.</p>
<p>The Chinese firm beat four other bidders. DBKL said the cameras would be installed in stages
over 18 months, starting with the busiest shopping streets.</p>
<p>Opposition councillors asked City Hall to explain how long recordings would be kept and whether
the face-matching feature would be switched on at all.</p>
""",
    },
    {
        "path": "/reviews/huawei-p30-pro-review.html",
        "publisher": "techpulse",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-05-14",
        "author": "Kevin Otieno",
        "title": "Huawei P30 Pro review: a brilliant camera, and a face unlock you shouldn't trust",
        "description": "Huawei's flagship arrives in Kenya with a superb zoom camera and a fast but "
        "basic face unlock.",
        "truth": {"near_miss": "smartphone review: face unlock is not facial recognition "
                  "surveillance; Kenya is only where the phone is sold"},
        "body": """
<p>The P30 Pro went on sale in Kenya this week at KSh 99,999, and it is the best phone camera we have
used this year. The periscope lens gives a genuinely useful 5x optical zoom, and night shots are
bright without looking fake.</p>
<h2>Face unlock</h2>
<p>Face unlock on the P30 Pro is quick: look at the screen and the phone opens in well under a
second. But it uses the front camera alone, with no depth sensor, so it is a convenience feature
rather than a security one. Huawei itself will not let you use face unlock to approve payments.
Stick to the in-display fingerprint reader for banking apps.</p>
<h2>Battery and software</h2>
<p>The 4,200 mAh battery easily lasted a day and a half in our tests, and the 40 W charger filled it
in just over an hour. EMUI is busier than stock Android, but it is stable.</p>
<h2>Verdict</h2>
<p>If photography matters most to you, the P30 Pro is the phone to get. Just don't treat face
unlock as a lock.</p>
<p class="score">Score: 8.5/10</p>
""",
    },
    {
        "path": "/zh/tech/huawei-5g-jizhan-nanfei.html",
        "publisher": "tongxin",
        "lang": "zh",
        "encoding": "gbk",
        "charset": "gbk",
        "date": "2019-10-15",
        "time": "15:10",
        "author": "孙伟",
        "title": "华为助力南非运营商开通首批5G基站",
        "description": "南非运营商在约翰内斯堡开通首批5G基站，主要面向家庭宽带用户。",
        "truth": {"near_miss": "华为 5G 基站 (5G base stations) in South Africa: telecom "
                  "infrastructure, no surveillance products"},
        "body": """
<p>本网讯 南非一家移动运营商日前在约翰内斯堡开通首批5G商用基站，成为非洲最早提供5G服务的运营商之一。该网络由华为提供无线设备，使用3.5GHz频段。</p>
<p>据介绍，首批共开通约100个5G基站，主要覆盖约翰内斯堡北部的住宅区和商业区，先期以固定无线接入方式为家庭用户提供高速宽带，实测下载速率超过每秒600兆。</p>
<p>运营商表示，南非光纤入户成本较高，5G固定无线接入可以更快地把宽带送进千家万户。明年将把网络扩展到比勒陀利亚等城市。</p>
<p>华为南非公司负责人表示，将继续与当地运营商合作，推进5G网络建设，并在当地培养更多通信技术人才。</p>
""",
    },
    {
        "path": "/zh/tech/huawei-smart-education-egypt.html",
        "publisher": "jiaoyu",
        "lang": "zh",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-09-24",
        "time": "09:00",
        "author": "教育科技网编辑部",
        "title": "华为与埃及教育部签约 推进智慧教育合作",
        "description": "开罗百所学校将接入云课堂，华为还将为埃及培训一万名教师。",
        "truth": {"near_miss": "华为 智慧教育 (smart education) in Egypt: no security products"},
        "body": """
<p>本网讯 华为与埃及教育部近日在开罗签署智慧教育合作协议。根据协议，华为将为开罗的100所公立中小学建设云课堂，提供教学云平台、交互式电子白板和校园无线网络。</p>
<p>双方还将共建华为ICT学院，在三年内为埃及培训一万名教师和信息技术人员，并把数字教材推广到更多地区。</p>
<p>埃及教育部官员表示，智慧教育是埃及教育改革的重要组成部分，希望借助数字技术缩小城乡之间的教育差距。</p>
<p>华为方面表示，公司已在多个国家开展智慧教育合作，将根据埃及的实际需要提供适合当地的解决方案。</p>
""",
    },
    # ---------------------------------------------------------------- robots.txt disallowed
    {
        "path": "/private/kampala-safe-city.html",
        "publisher": "upf",
        "lang": "en",
        "encoding": "utf-8",
        "charset": "utf-8",
        "date": "2019-08-02",
        "author": "Directorate of ICT",
        "title": "Kampala Safe City: phase one deployment plan (draft, not for circulation)",
        "description": "Draft plan for CCTV cameras with facial recognition and the national "
        "command centre in Kampala, delivered with Huawei.",
        "truth": {"private": ("huawei", "UG", "Kampala", 2019)},
        "body": """
<p><strong>DRAFT &mdash; NOT FOR CIRCULATION</strong></p>
<p>Under the agreement signed in 2019 between the Government of Uganda and Huawei Technologies, the
Uganda Police Force will install CCTV cameras with facial recognition at junctions, markets and taxi
parks across Kampala. All feeds will be monitored from the National CCTV Command Centre at
Naguru.</p>
<p>Phase one covers the Kampala Metropolitan Police area and is costed at USD 126 million,
including cameras, fibre links, the command centre and training for 500 operators.</p>
<p>Phase two will extend coverage along the main highways.</p>
""",
    },
]

NOT_FOUND_PATH = "/news/2018/police-camera-followup.html"
STUB_PATH = "/news/update-pending.html"
BROKEN_PATH = "/news/broken.html"

# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def en_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def zh_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def e(text: str) -> str:
    return html.escape(text, quote=True)


def charset_tag(charset: str | None) -> str:
    if charset == "utf-8":
        return '<meta charset="utf-8">\n'
    if charset == "gbk":
        return '<meta charset="gbk">\n'
    if charset == "gb2312-http-equiv":
        return '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n'
    return ""


def head(page: dict[str, Any], pub: dict[str, Any]) -> str:
    lang_attr = "" if page["charset"] is None else f' lang="{"zh-CN" if page["lang"] == "zh" else "en"}"'
    separator = " - " if page["lang"] == "zh" else " | "
    return (
        f"<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n"
        + charset_tag(page["charset"])
        + f"<title>{e(page['title'])}{separator}{e(pub['name'])}</title>\n"
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="description" content="{e(page["description"])}">\n'
        f'<meta name="author" content="{e(page["author"])}">\n'
        f'<meta property="og:type" content="article">\n'
        f'<meta property="og:site_name" content="{e(pub["name"])}">\n'
        f'<meta property="og:title" content="{e(page["title"])}">\n'
        f'<meta property="article:published_time" content="{page["date"]}">\n'
        f'<link rel="canonical" href="https://{pub["host"]}{page["path"]}">\n'
        f"<style>\nbody{{font-family:Georgia,serif;margin:0;color:#222}}"
        f".top{{background:{pub['color']};color:#fff;padding:10px 20px}}"
        f".top a{{color:#fff;margin-right:14px;text-decoration:none}}"
        f"main{{display:flex;gap:30px;padding:20px}}article{{max-width:720px}}"
        f"aside{{font-size:90%;width:260px;border-left:1px solid #ddd;padding-left:16px}}"
        f"footer{{font-size:80%;color:#555;border-top:1px solid #ddd;padding:14px 20px}}\n"
        f"</style>\n</head>\n"
    )


def nav_links(sections: list[str]) -> str:
    targets = ["/", "/news/index.html", "/news/page2.html"]
    out = []
    for i, name in enumerate(sections):
        href = targets[i] if i < len(targets) else "#"
        out.append(f'<a href="{href}">{e(name)}</a>')
    return "\n".join(out)


def render_news_en(page: dict[str, Any], pub: dict[str, Any]) -> str:
    most_read = "\n".join(f'<li><a href="#">{e(t)}</a></li>' for t in pub["most_read"])
    return (
        head(page, pub)
        + f"""<body>
<div class="cookie-banner">We use cookies to improve your experience. <a href="#">Accept</a> <a href="#">Settings</a></div>
<header class="top">
<div class="masthead"><a href="/" class="logo">{e(pub["name"])}</a> <span class="tagline">{e(pub["tagline"])}</span></div>
<nav class="sections">
{nav_links(pub["sections"])}
</nav>
<form class="search" action="#"><input type="search" name="q" placeholder="Search"> <button>Go</button></form>
</header>
<main>
<article>
<h1>{e(page["title"])}</h1>
<p class="standfirst">{e(page["description"])}</p>
<p class="byline">By <span class="author">{e(page["author"])}</span> &middot; Published <time datetime="{page["date"]}">{en_date(page["date"])}</time></p>
<div class="article-body">
{page["body"].strip()}
</div>
<p class="share">Share: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a> <a href="#">Email</a></p>
</article>
<aside>
<h3>Most read</h3>
<ol>
{most_read}
</ol>
<div class="newsletter"><h3>Newsletter</h3><p>Get the morning briefing in your inbox.</p><a href="#">Sign up</a></div>
</aside>
</main>
<footer>
<p><a href="#">About us</a> &middot; <a href="#">Contact</a> &middot; <a href="#">Advertise</a> &middot; <a href="#">Privacy policy</a> &middot; <a href="#">Terms of use</a></p>
<p>{e(pub["footer"])}</p>
<p>&copy; {page["date"][:4]} {e(pub["name"])}. All rights reserved.</p>
</footer>
</body>
</html>
"""
    )


def render_gov_en(page: dict[str, Any], pub: dict[str, Any]) -> str:
    return (
        head(page, pub)
        + f"""<body>
<div class="gov-strip">Official website &middot; <a href="#">Accessibility</a> &middot; <a href="#">Language</a></div>
<header class="top">
<div class="masthead"><a href="/" class="logo">{e(pub["name"])}</a></div>
<nav class="main-menu">
{nav_links(pub["sections"])}
</nav>
</header>
<div class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/news/index.html">Press releases</a> &rsaquo; Notice</div>
<main>
<article>
<h1>{e(page["title"])}</h1>
<p class="meta">Date: <time datetime="{page["date"]}">{en_date(page["date"])}</time> &middot; Issued by: {e(page["author"])}</p>
<div class="content">
{page["body"].strip()}
</div>
<p class="tools"><a href="#">Print</a> &middot; <a href="#">Download PDF</a> &middot; <a href="#">Share</a></p>
</article>
<aside>
<h3>Quick links</h3>
<ul>
<li><a href="#">Forms and applications</a></li>
<li><a href="#">Opening hours</a></li>
<li><a href="#">Public procurement</a></li>
<li><a href="#">Frequently asked questions</a></li>
</ul>
</aside>
</main>
<footer>
<p>{e(pub["footer"])}</p>
<p><a href="#">Privacy notice</a> &middot; <a href="#">Access to information</a> &middot; <a href="#">Sitemap</a></p>
<p>&copy; {page["date"][:4]} {e(pub["name"])}</p>
</footer>
</body>
</html>
"""
    )


def render_ngo_en(page: dict[str, Any], pub: dict[str, Any]) -> str:
    return (
        head(page, pub)
        + f"""<body>
<header class="top">
<div class="masthead"><a href="/" class="logo">{e(pub["name"])}</a></div>
<nav>
{nav_links(pub["sections"])}
</nav>
<a class="donate" href="#">Donate now</a>
</header>
<main>
<article>
<p class="label">Report</p>
<h1>{e(page["title"])}</h1>
<p class="byline">{e(page["author"])} &middot; <time datetime="{page["date"]}">{en_date(page["date"])}</time></p>
{page["body"].strip()}
</article>
<aside>
<h3>Related research</h3>
<ul>
<li><a href="#">Who buys spyware? A buyers' guide</a></li>
<li><a href="#">Data protection laws in Latin America, compared</a></li>
<li><a href="#">Our methodology</a></li>
</ul>
<div class="signup"><h3>Stay informed</h3><p>Our monthly newsletter, no spam.</p><a href="#">Subscribe</a></div>
</aside>
</main>
<footer>
<p>{e(pub["footer"])}</p>
<p><a href="#">Privacy</a> &middot; <a href="#">Contact</a> &middot; <a href="#">Jobs</a></p>
<p>Content licensed under CC BY 4.0 unless otherwise stated.</p>
</footer>
</body>
</html>
"""
    )


def render_news_zh(page: dict[str, Any], pub: dict[str, Any]) -> str:
    related = "\n".join(f'<li><a href="#">{e(t)}</a></li>' for t in pub["related"])
    return (
        head(page, pub)
        + f"""<body>
<div class="topbar"><a href="#">登录</a> | <a href="#">注册</a> | <a href="#">手机版</a> | <a href="#">English</a></div>
<header class="top">
<div class="logo"><a href="/">{e(pub["name"])}</a></div>
<nav class="channel">
{nav_links(pub["sections"])}
</nav>
</header>
<div class="crumb">您的位置：<a href="/">首页</a> &gt; <a href="/news/index.html">新闻</a> &gt; 正文</div>
<main>
<article>
<h1>{e(page["title"])}</h1>
<div class="info"><time datetime="{page["date"]}">{zh_date(page["date"])} {page.get("time", "")}</time>　来源：{e(pub["name"])}　作者：{e(page["author"])}</div>
<div class="content">
{page["body"].strip()}
</div>
<p class="editor">（责任编辑：张丽）</p>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
</article>
<aside>
<h3>相关新闻</h3>
<ul>
{related}
</ul>
<h3>热门排行</h3>
<ol><li><a href="#">本周天气：北方大部地区气温回升</a></li><li><a href="#">多地发布出行提示</a></li></ol>
</aside>
</main>
<footer>
<p><a href="#">关于我们</a> | <a href="#">联系我们</a> | <a href="#">广告服务</a> | <a href="#">网站地图</a></p>
<p>{e(pub["footer"])}</p>
</footer>
</body>
</html>
"""
    )


def render_vendor_zh(page: dict[str, Any], pub: dict[str, Any]) -> str:
    return (
        head(page, pub)
        + f"""<body>
<header class="top">
<div class="logo"><a href="/">{e(pub["name"])}</a></div>
<nav class="mainnav">
{nav_links(pub["sections"])}
</nav>
<div class="lang"><a href="#">中国 - 简体中文</a> | <a href="#">Global - English</a></div>
</header>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/news/index.html">成功案例</a> &gt; 详情</div>
<main>
<article>
<h1>{e(page["title"])}</h1>
<div class="info">发布时间：<time datetime="{page["date"]}">{page["date"]}</time>　来源：{e(page["author"])}</div>
<div class="content">
{page["body"].strip()}
</div>
<div class="contact-box"><p>想了解更多？<a href="#">联系华为销售</a> | <a href="#">下载方案资料</a></p></div>
</article>
<aside>
<h3>热门推荐</h3>
<ul>
<li><a href="#">数据中心网络解决方案</a></li>
<li><a href="#">企业园区Wi-Fi 6</a></li>
<li><a href="#">华为云Stack</a></li>
</ul>
</aside>
</main>
<footer>
<p><a href="#">关于华为</a> | <a href="#">新闻中心</a> | <a href="#">加入我们</a> | <a href="#">网站地图</a></p>
<p>{e(pub["footer"])}</p>
</footer>
</body>
</html>
"""
    )


RENDERERS = {
    "news_en": render_news_en,
    "gov_en": render_gov_en,
    "ngo_en": render_ngo_en,
    "news_zh": render_news_zh,
    "vendor_zh": render_vendor_zh,
}


def render(page: dict[str, Any]) -> bytes:
    pub = PUBLISHERS[page["publisher"]]
    text = RENDERERS[pub["style"]](page, pub)
    return text.encode(page["encoding"])


# --------------------------------------------------------------------------------------------
# Special pages: broken, stub, listings, robots, sitemap
# --------------------------------------------------------------------------------------------


def broken_page() -> bytes:
    start = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>华为全联接大会在上海开幕 - 华夏世界新闻网</title>
<meta name="description" content="华为全联接大会在上海开幕，来自多个国家的客户和合作伙伴参会。">
<meta property="article:published_time" content="2018-10-10">
<link rel="canonical" href="https://www.sino-world-news.example/news/broken.html">
</head>
<body>
<header class="top"><div class="logo"><a href="/">华夏世界新闻网</a></div>
<nav class="channel"><a href="/">首页</a> <a href="/news/index.html">国际</a></nav></header>
<main>
<article>
<h1>华为全联接大会在上海开幕</h1>
<div class="info">2018年10月10日 10:00　来源：华夏世界新闻网</div>
<div class="content">
<p>本网上海10月10日电 华为全联接大会10日在上海开幕，来自多个国家的客户和合作伙伴参加了开幕式。大会围绕云计算和人工智能展开讨论。</p>
<p>大会期间，华为发布了"""
    # A few bytes that are not UTF-8 (a lone continuation byte, a truncated 3-byte sequence,
    # and 0xFF), then the document stops in the middle of a tag.
    return start.encode("utf-8") + b"\xff\xfe\x80\xe5\x8d" + "新一代".encode() + b"\xc3\x28" + (
        '</p>\n<p>与会嘉宾认为<a href="/news/ind'.encode()
    )


def stub_page() -> bytes:
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>快讯</title>
</head>
<body>
<p>稿件更新中，请稍后访问。</p>
</body>
</html>
""".encode()


LISTING_STYLE = (
    "<style>body{font-family:Helvetica,Arial,sans-serif;margin:0}"
    ".top{background:#222;color:#fff;padding:10px 20px}.top a{color:#fff;margin-right:14px}"
    "main{padding:20px;max-width:900px}li{margin-bottom:12px}.date{color:#777;font-size:85%}"
    "footer{font-size:80%;color:#555;border-top:1px solid #ddd;padding:14px 20px}</style>\n"
)

SITE_NAME = "WireRoom"


def listing_header(title: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(title)} | {SITE_NAME}</title>
<meta name="description" content="{SITE_NAME} collects reporting, press releases and official notices from publishers around the world.">
{LISTING_STYLE}</head>
<body>
<header class="top">
<a href="/" class="logo"><strong>{SITE_NAME}</strong></a>
<a href="/">Home</a>
<a href="/news/index.html">All stories</a>
<a href="#">About</a>
</header>
"""


LISTING_FOOTER = f"""<footer>
<p>{SITE_NAME} links to and mirrors articles from other publishers; the original publisher is named on each page.</p>
<p><a href="#">About</a> &middot; <a href="#">Contact</a> &middot; <a href="/sitemap.xml">Sitemap</a></p>
</footer>
</body>
</html>
"""


def listing_item(page: dict[str, Any]) -> str:
    pub = PUBLISHERS[page["publisher"]]
    return (
        f'<li><a href="{page["path"]}">{e(page["title"])}</a> '
        f'<span class="date">{page["date"]} &middot; {e(pub["name"])}</span></li>'
    )


def articles() -> list[dict[str, Any]]:
    """The public article pages (not the private one), newest first."""
    public = [p for p in PAGES if "private" not in p["truth"]]
    return sorted(public, key=lambda p: p["date"], reverse=True)


def listing_pages() -> dict[str, bytes]:
    items = articles()
    half = (len(items) + 1) // 2
    first, second = items[:half], items[half:]
    page1 = (
        listing_header("All stories")
        + "<main>\n<h1>All stories</h1>\n<p>Page 1 of 2</p>\n<ul class=\"stories\">\n"
        + "\n".join(listing_item(p) for p in first)
        + '\n</ul>\n<p class="pager">Page 1 &middot; <a href="/news/page2.html" rel="next">Next page &rarr;</a></p>\n</main>\n'
        + LISTING_FOOTER
    )
    page2 = (
        listing_header("All stories, page 2")
        + "<main>\n<h1>All stories</h1>\n<p>Page 2 of 2</p>\n<ul class=\"stories\">\n"
        + "\n".join(listing_item(p) for p in second)
        + '\n</ul>\n<p class="pager"><a href="/news/index.html" rel="prev">&larr; Previous page</a> &middot; Page 2</p>\n</main>\n'
        + LISTING_FOOTER
    )
    by_path = {p["path"]: p for p in PAGES}
    top = [by_path[p] for p in (
        "/news/serbia-belgrade.html",
        "/zh/asia/laos-vientiane-safe-city.html",
        "/news/lahore-safe-city-launch.html",
        "/reports/ecuador-ecu911-quito.html",
        "/news/colombo-smart-city-wifi.html",
        "/zh/tech/huawei-5g-jizhan-nanfei.html",
    )]
    private = by_path["/private/kampala-safe-city.html"]
    index = (
        listing_header("Home")
        + "<main>\n<h1>Top stories</h1>\n<ul class=\"stories\">\n"
        + "\n".join(listing_item(p) for p in top)
        + f"""
</ul>
<p><a href="/news/index.html">See all stories &rarr;</a></p>
<h2>Documents</h2>
<ul>
<li><a href="{private["path"]}">Kampala: police draft deployment plan (document)</a></li>
</ul>
<h2>From the archive</h2>
<ul>
<li><a href="{NOT_FOUND_PATH}">Follow-up: the police camera contract, one year on</a></li>
<li><a href="{STUB_PATH}">快讯</a></li>
<li><a href="{BROKEN_PATH}">华为全联接大会在上海开幕</a></li>
</ul>
</main>
"""
        + LISTING_FOOTER
    )
    return {
        "/index.html": index.encode(),
        "/news/index.html": page1.encode(),
        "/news/page2.html": page2.encode(),
    }


ROBOTS = """User-agent: *
Disallow: /private/
"""


def sitemap() -> bytes:
    rows = "\n".join(
        f"  <url>\n    <loc>{p['path']}</loc>\n    <lastmod>{p['date']}</lastmod>\n  </url>"
        for p in sorted(articles(), key=lambda p: p["path"])
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- <loc> values are root-relative: the site is served from 127.0.0.1 on a port chosen at\n"
        "     run time, so resolve each one against the URL this sitemap was fetched from. -->\n"
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}\n</urlset>\n"
    ).encode()


# --------------------------------------------------------------------------------------------
# expected.json and README.md
# --------------------------------------------------------------------------------------------

CHARSET_LABEL = {
    "utf-8": '`<meta charset="utf-8">`',
    "gbk": '`<meta charset="gbk">`',
    "gb2312-http-equiv": '`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`',
    None: "none declared",
}


def expected() -> dict[str, Any]:
    groups: dict[tuple[str, str, str | None], list[str]] = {}
    for p in PAGES:
        if "agreement" in p["truth"]:
            vendor, country, city, _year = p["truth"]["agreement"]
            groups.setdefault((vendor, country, city), []).append(p["path"])
    pages: dict[str, Any] = {}
    for p in PAGES:
        pub = PUBLISHERS[p["publisher"]]
        info: dict[str, Any] = {
            "lang": p["lang"],
            "encoding": p["encoding"],
            "charset_declared": p["charset"],
            "publisher": pub["host"],
            "site_kind": site_kind(pub["host"]),
            "published": p["date"],
        }
        truth = p["truth"]
        if "agreement" in truth:
            vendor, country, city, year = truth["agreement"]
            info.update(kind="agreement", vendor=vendor, country=country, city=city, year=year,
                        products=truth["products"])
        elif "near_miss" in truth:
            info.update(kind="near_miss", why=truth["near_miss"])
        else:
            vendor, country, city, year = truth["private"]
            info.update(kind="robots_disallowed", vendor=vendor, country=country, city=city,
                        year=year)
        pages[p["path"]] = info
    pages[BROKEN_PATH] = {"lang": "zh", "encoding": "utf-8 (with invalid bytes)",
                          "charset_declared": "utf-8", "publisher": "www.sino-world-news.example",
                          "site_kind": "media", "published": "2018-10-10", "kind": "broken"}
    pages[STUB_PATH] = {"lang": "zh", "encoding": "utf-8", "charset_declared": "utf-8",
                        "publisher": None, "site_kind": None, "published": None,
                        "kind": "broken"}
    return {
        "candidates": [
            {"vendor": v, "country": c, "city": city, "pages": paths}
            for (v, c, city), paths in groups.items()
        ],
        "near_misses": [p["path"] for p in PAGES if "near_miss" in p["truth"]],
        "robots_disallowed": [p["path"] for p in PAGES if "private" in p["truth"]],
        "broken": [BROKEN_PATH, STUB_PATH],
        "listings": ["/index.html", "/news/index.html", "/news/page2.html"],
        "pages": pages,
    }


README_HEAD = """# Sample site

**Every page in this folder is fictional.** The pages were written for safecity-watch as test and
demo material. They borrow publicly reported facts about real Safe City deals (places, years,
camera counts, contract values) but every sentence, every publisher, every reporter and every
quotation is invented. The publishers live under the reserved `.example` top-level domain and do not
exist.

The demo and the tests serve this folder with a plain local HTTP server (`127.0.0.1:PORT`, document
root = this folder), so every link in the pages is root-relative. The only absolute URLs are the
`<link rel="canonical">` tags, which name the fictional publisher each page pretends to come from.

Everything here is generated by `_build.py` (texts, GBK encoding, listings, sitemap,
`expected.json` and this README). Edit the texts in `_build.py` and run
`python safecity/sample_site/_build.py`; nothing at run time needs the script.

## Site structure

- `/index.html` &mdash; home page: six top stories, a link to `/private/kampala-safe-city.html`
  (disallowed by `robots.txt`), a link to a page that does not exist (`{not_found}`, a 404),
  the nearly empty `{stub}` and the broken `{broken}`.
- `/news/index.html` and `/news/page2.html` &mdash; all public articles, newest first, with
  pagination links (`rel="next"` / `rel="prev"`).
- `/robots.txt` &mdash; `User-agent: *` / `Disallow: /private/`.
- `/sitemap.xml` &mdash; sitemaps.org `urlset` of the {n_articles} public article URLs with
  `<lastmod>`. The `<loc>` values are root-relative (the port is only known at run time):
  resolve them against the sitemap's own URL.
- Every article has site boilerplate around the main text (cookie banner, navigation, search,
  "Most read" / 相关新闻 boxes, share links, footer). It never names Safe City products; like real
  mastheads it may name the publisher's own city or country, and on the vendor pages the company.

Publisher host kinds follow the toolkit's suffix rules: `*.gov.example` government,
`*.vendor.example` vendor, `*.ngo.example` NGO, any other `*.example` media.

## Encodings

- UTF-8 with `<meta charset="utf-8">`: all English pages and the Chinese pages marked UTF-8 below.
- GBK (the bytes are GBK and are not valid UTF-8):
{gbk_list}
  The page without a declaration has no `<meta>` charset, no BOM and no `lang` attribute, and the
  plain test server sends no charset in `Content-Type` either, so its encoding must be sniffed.
- `{broken}` declares UTF-8 but contains invalid bytes (`FF FE 80`, a truncated `E5 8D`,
  `C3 28`) and stops in the middle of an `<a href=...` tag.

Product categories below use the ids of `keywords/products.toml`: `safe_city`,
`facial_recognition`, `license_plate_recognition`, `command_center`, `cctv`,
`video_surveillance`, `crowd_monitoring`, `situational_awareness`, `noise_detection`,
`abandoned_object`, `social_media_monitoring`.
"""


def readme(exp: dict[str, Any]) -> str:
    gbk = "\n".join(f"  - `{p['path']}`: {CHARSET_LABEL[p['charset']]}"
                    for p in PAGES if p["encoding"] == "gbk")
    out = [README_HEAD.format(not_found=NOT_FOUND_PATH, stub=STUB_PATH, broken=BROKEN_PATH,
                              n_articles=len(articles()), gbk_list=gbk)]
    out.append("## Pages\n")
    out.append("| path | lang | encoding (declared) | publisher host | kind | what it is |")
    out.append("|---|---|---|---|---|---|")
    for path in ("/index.html", "/news/index.html", "/news/page2.html"):
        out.append(f"| `{path}` | en | utf-8 (meta) | &mdash; | &mdash; | listing page, not evidence |")
    for p in PAGES:
        pub = PUBLISHERS[p["publisher"]]
        truth = p["truth"]
        enc = f"{p['encoding']} ({CHARSET_LABEL[p['charset']]})"
        if "agreement" in truth:
            vendor, country, city, year = truth["agreement"]
            what = (f"**agreement**: {vendor}, {country}, {city}, {year}; "
                    + ", ".join(f"`{x}`" for x in truth["products"]))
        elif "near_miss" in truth:
            what = f"**near miss**: {truth['near_miss']}"
        else:
            vendor, country, city, year = truth["private"]
            what = (f"**robots.txt disallows it**: would read as an agreement ({vendor}, {country}, "
                    f"{city}, {year}) but an obedient crawler never fetches it")
        out.append(f"| `{p['path']}` | {p['lang']} | {enc} | `{pub['host']}` | "
                   f"{site_kind(pub['host'])} | {what} |")
    out.append(f"| `{BROKEN_PATH}` | zh | utf-8 declared, invalid bytes | "
               "`www.sino-world-news.example` | media | **broken**: truncated mid-tag, invalid "
               "UTF-8; a conference story with no deal in it |")
    out.append(f"| `{STUB_PATH}` | zh | utf-8 (meta) | &mdash; | &mdash; | **broken**: valid but "
               "nearly empty (title and one sentence) |")
    out.append(f"| `{NOT_FOUND_PATH}` | &mdash; | &mdash; | &mdash; | &mdash; | linked from "
               "`/index.html` but **does not exist** (404); deliberately not in `expected.json` "
               "paths |")
    out.append("")
    out.append("## Expected candidates\n")
    out.append("One candidate per (vendor, country, city); each true-agreement page names one focus "
               "city (a second city of the same country appears at most once, e.g. Mombasa on the "
               "Nairobi pages).\n")
    out.append("| vendor | country | city | pages | publisher kinds |")
    out.append("|---|---|---|---|---|")
    by_path = {p["path"]: p for p in PAGES}
    for c in exp["candidates"]:
        kinds = sorted({site_kind(PUBLISHERS[by_path[x]["publisher"]]["host"]) for x in c["pages"]})
        out.append(f"| {c['vendor']} | {c['country']} | {c['city']} | "
                   + "<br>".join(f"`{x}`" for x in c["pages"]) + f" | {', '.join(kinds)} |")
    out.append("")
    out.append("## expected.json\n")
    out.append("`candidates`, `near_misses`, `robots_disallowed` and `broken` as above; `listings` are "
               "the index pages; `pages` gives, for every page that exists, its language, encoding, "
               "declared charset, publisher host, site kind, publication date and truth (for "
               "agreements also the year and product category ids). Every path in it exists; the "
               f"404 link (`{NOT_FOUND_PATH}`) is listed only in this README.")
    out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------


def write(path: str, data: bytes) -> None:
    target = HERE / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def main() -> None:
    for page in PAGES:
        write(page["path"], render(page))
    write(BROKEN_PATH, broken_page())
    write(STUB_PATH, stub_page())
    for path, data in listing_pages().items():
        write(path, data)
    write("/robots.txt", ROBOTS.encode())
    write("/sitemap.xml", sitemap())
    exp = expected()
    write("/expected.json", (json.dumps(exp, ensure_ascii=False, indent=2) + "\n").encode())
    write("/README.md", readme(exp).encode())


if __name__ == "__main__":
    main()
