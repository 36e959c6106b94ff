// The legal texts the rules come from, quoted where a rule cites them. 慈善法 as amended on 2023-12-29 (in force
// 2024-09-05); article numbers as we read the consolidated text: check them against the official text before publishing.
const CL = '慈善法（2023修正）';
const DL = '公益事业捐赠法';

export const ART = {
  publicFundraising: `${CL} 第二十二条：慈善组织开展公开募捐，应当取得公开募捐资格。`,
  receipt: `${CL} 第三十九条：慈善组织接受捐赠，应当向捐赠人开具由财政部门统一监（印）制的捐赠票据。捐赠票据应当载明捐赠人、捐赠财产的种类及数量、慈善组织名称和经办人姓名、票据日期等。捐赠人匿名或者放弃接受捐赠票据的，慈善组织应当做好相关记录。`,
  receiptDonationLaw: `${DL} 第十六条：受赠人接受捐赠后，应当向捐赠人出具合法、有效的收据，将受赠财产登记造册，妥善保管。`,
  directed: `${DL} 第十八条：受赠人与捐赠人订立了捐赠协议的，应当按照协议约定的用途使用捐赠财产，不得擅自改变捐赠财产的用途。`,
  useAsAgreed: `${CL} 第五十五条：慈善组织开展慈善活动，应当依照法律法规和章程的规定，按照募捐方案或者捐赠协议使用捐赠财产。`,
  periodicDisclosure: `${CL} 第八十条：公开募捐周期超过六个月的，至少每三个月公开一次募捐情况，公开募捐活动结束后三个月内应当全面、详细公开募捐情况。慈善项目实施周期超过六个月的，至少每三个月公开一次项目实施情况，项目结束后三个月内应当全面、详细公开项目实施情况和募得款物使用情况。`,
  emergencyDisclosure: `${CL} 第七十二条：为应对重大突发事件开展公开募捐的，应当及时分配或者使用募得款物，在应急处置与救援阶段至少每五日公开一次募得款物的接收情况，及时公开分配、使用情况。`,
  spendingShare: `${CL} 第六十一条：具有公开募捐资格的基金会开展慈善活动的年度支出，不得低于上一年总收入的百分之七十或者前三年收入平均数额的百分之七十。`,
  managementShare: `${CL} 第六十一条：年度管理费用不得超过当年总支出的百分之十；特殊情况下难以符合的，应当报告其登记的民政部门并向社会公开说明情况。`,
} as const;
